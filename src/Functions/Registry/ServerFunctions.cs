using McpOrchestrator.Core.Access;
using McpOrchestrator.Core.Registry;
using McpOrchestrator.Functions.Http;
using McpOrchestrator.Functions.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace McpOrchestrator.Functions.Registry;

/// <summary>The server registry: built-in entries and the organisation's custom entries.</summary>
public sealed class ServerFunctions(ServerRegistry registry, PublicAddress address)
{
    [Function("ListServers")]
    [RequiresScope(Scopes.Read)]
    [OpenApiOperation("servers", "Browse the registry", "Built-in and custom servers, searched and filtered, in id order, one page at a time.", Response = typeof(ServerList))]
    [OpenApiPaged]
    [OpenApiQuery("q", "Case-insensitive search over id, name, description and tags")]
    [OpenApiQuery("transport", "stdio, http or sse")]
    [OpenApiQuery("tag", "Only servers with this tag")]
    public async Task<IActionResult> ListServers(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/servers")] HttpRequest request, CancellationToken cancellationToken)
    {
        var query = new ServerQuery
        {
            Q = QueryFlags.ReadText(request, "q", ServerQuery.MaxQueryLength),
            Transport = QueryFlags.ReadText(request, "transport", 16),
            Tag = QueryFlags.ReadText(request, "tag", 64),
        };
        var page = PageQuery.Read(request);
        var servers = await registry.ListPageAsync(query, page, cancellationToken);
        var next = PageQuery.NextLink(address, "/v1/servers", page, servers.Next, ("q", query.Q), ("transport", query.Transport), ("tag", query.Tag));
        return new OkObjectResult(new ServerList(servers.Items.Count, servers.Items, next));
    }

    [Function("GetServer")]
    [RequiresScope(Scopes.Read)]
    [OpenApiOperation("servers", "One registry entry", "Parameters, env requirements, transport details and a usage example.",
        Response = typeof(ServerDefinition), Errors = [StatusCodes.Status404NotFound])]
    public async Task<IActionResult> GetServer(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/servers/{serverId}")] HttpRequest request, string serverId, CancellationToken cancellationToken) =>
        new OkObjectResult(await registry.GetAsync(RouteIds.Require(serverId, "server id"), cancellationToken));

    [Function("PutServer")]
    [RequiresScope(Scopes.Admin)]
    [OpenApiOperation("servers", "Register or replace a custom server",
        "Creates (201) or replaces (200) a custom entry. Unknown fields are refused; built-in ids cannot be replaced (409 builtin_server).",
        Request = typeof(ServerDefinitionRequest), Response = typeof(ServerDefinition), Errors = [StatusCodes.Status409Conflict])]
    public async Task<IActionResult> PutServer(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/servers/{serverId}")] HttpRequest request, string serverId, CancellationToken cancellationToken)
    {
        RouteIds.Require(serverId, "server id");
        var body = await RequestBody.ReadAsync<ServerDefinitionRequest>(request, cancellationToken);
        var (server, created) = await registry.PutCustomAsync(serverId, body, cancellationToken);
        return created ? new CreatedResult($"/v1/servers/{serverId}", server) : new OkObjectResult(server);
    }

    [Function("DeleteServer")]
    [RequiresScope(Scopes.Admin)]
    [OpenApiOperation("servers", "Remove a custom server", "Built-in entries cannot be removed (409 builtin_server).",
        SuccessStatus = StatusCodes.Status204NoContent, Errors = [StatusCodes.Status404NotFound, StatusCodes.Status409Conflict])]
    public async Task<IActionResult> DeleteServer(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/servers/{serverId}")] HttpRequest request, string serverId, CancellationToken cancellationToken)
    {
        await registry.DeleteCustomAsync(RouteIds.Require(serverId, "server id"), cancellationToken);
        return new NoContentResult();
    }
}
