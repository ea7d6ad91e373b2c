using McpOrchestrator.Core.Access;
using McpOrchestrator.Core.Clients;
using McpOrchestrator.Core.Profiles;
using McpOrchestrator.Functions.Http;
using McpOrchestrator.Functions.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace McpOrchestrator.Functions.Clients;

/// <summary>MCP clients and their profiles.</summary>
public sealed class ClientFunctions(ClientCatalog clients, ProfileService profiles, PublicAddress address)
{
    [Function("ListClients")]
    [RequiresScope(Scopes.Read)]
    [OpenApiOperation("clients", "List clients",
        "Every known MCP client: config file path per OS, native format, transports it runs, limits, and its profiles.", Response = typeof(ClientList))]
    public async Task<IActionResult> ListClients(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/clients")] HttpRequest request, CancellationToken cancellationToken)
    {
        return new OkObjectResult(await ListAsync(clients, profiles, cancellationToken));
    }

    /// <summary>Every client with its profiles; also the MCP endpoint's <c>list_clients</c> tool.</summary>
    internal static async Task<ClientList> ListAsync(ClientCatalog clients, ProfileService profiles, CancellationToken cancellationToken)
    {
        var views = new List<ClientView>(clients.All.Count);
        foreach (var client in clients.All)
        {
            var clientProfiles = await profiles.ListAsync(client.Id, cancellationToken);
            views.Add(new ClientView(client.Id, client.DisplayName, client.Paths, client.Format, client.Transports, client.CanWrapRemote, client.Limits, clientProfiles));
        }

        return new ClientList(views);
    }

    [Function("ListProfiles")]
    [RequiresScope(Scopes.Read)]
    [OpenApiOperation("profiles", "List a client's profiles", "Profiles with their draft size and latest and deployed versions, in id order, one page at a time.",
        Response = typeof(ProfileList), Errors = [StatusCodes.Status404NotFound])]
    [OpenApiPaged]
    public async Task<IActionResult> ListProfiles(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/clients/{clientId}/profiles")] HttpRequest request, string clientId, CancellationToken cancellationToken)
    {
        RouteIds.Require(clientId, "client id");
        var page = PageQuery.Read(request);
        var listed = await profiles.ListPageAsync(clientId, page, cancellationToken);
        return new OkObjectResult(new ProfileList(clientId, listed.Items, PageQuery.NextLink(address, $"/v1/clients/{clientId}/profiles", page, listed.Next)));
    }

    [Function("PutProfile")]
    [RequiresScope(Scopes.Write)]
    [OpenApiOperation("profiles", "Create or describe a profile", "Creates the profile (201) or updates its description (200). The body is optional.",
        Request = typeof(ProfileRequest), RequestOptional = true, Response = typeof(Profile), Errors = [StatusCodes.Status404NotFound])]
    public async Task<IActionResult> PutProfile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/clients/{clientId}/profiles/{profileId}")] HttpRequest request,
        string clientId, string profileId, CancellationToken cancellationToken)
    {
        RouteIds.Require(clientId, "client id");
        RouteIds.Require(profileId, "profile id");
        var body = await RequestBody.ReadOptionalAsync(request, new ProfileRequest(), cancellationToken);
        var (profile, created) = await profiles.PutAsync(clientId, profileId, body, cancellationToken);
        return created
            ? new CreatedResult($"/v1/clients/{clientId}/profiles/{profileId}", profile)
            : new OkObjectResult(profile);
    }

    [Function("DeleteProfile")]
    [RequiresScope(Scopes.Write)]
    [OpenApiOperation("profiles", "Delete a profile",
        "Deletes the profile and its draft. Refused with 409 while a version is deployed, unless ?force=true. Published artifacts and history are kept.",
        Errors = [StatusCodes.Status404NotFound, StatusCodes.Status409Conflict], SuccessStatus = StatusCodes.Status204NoContent)]
    [OpenApiQuery("force", "true to delete even while a version is deployed", Type = "boolean")]
    public async Task<IActionResult> DeleteProfile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/clients/{clientId}/profiles/{profileId}")] HttpRequest request,
        string clientId, string profileId, CancellationToken cancellationToken)
    {
        RouteIds.Require(clientId, "client id");
        RouteIds.Require(profileId, "profile id");
        await profiles.DeleteAsync(clientId, profileId, QueryFlags.Read(request, "force"), cancellationToken);
        return new NoContentResult();
    }
}
