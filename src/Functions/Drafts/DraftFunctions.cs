using McpOrchestrator.Core.Access;
using McpOrchestrator.Core.Drafts;
using McpOrchestrator.Core.Problems;
using McpOrchestrator.Core.Validation;
using McpOrchestrator.Functions.Http;
using McpOrchestrator.Functions.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace McpOrchestrator.Functions.Drafts;

/// <summary>A profile's draft: view, add, remove, clear, import, validate. Mutations honour <c>If-Match</c> (412
/// <c>draft_conflict</c> when stale) and answer with the draft's new <c>ETag</c>.</summary>
public sealed class DraftFunctions(DraftService drafts, ValidationService validation)
{
    private const string DraftRoute = "v1/config/{clientId}/{profileId}/draft";

    [Function("GetDraft")]
    [RequiresScope(Scopes.Read)]
    [OpenApiOperation("drafts", "View a draft", "Entries, resolved servers, ETag, and the draft rendered in the client's native format.",
        Response = typeof(DraftView), Errors = [StatusCodes.Status404NotFound])]
    public async Task<IActionResult> GetDraft(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = DraftRoute)] HttpRequest request,
        string clientId, string profileId, CancellationToken cancellationToken)
    {
        CheckIds(clientId, profileId);
        var resolved = await drafts.RenderAsync(clientId, profileId, cancellationToken);
        request.SetETag(resolved.Draft.ETag);
        return new OkObjectResult(DraftView.From(resolved));
    }

    [Function("AddDraftEntry")]
    [RequiresScope(Scopes.Write)]
    [OpenApiOperation("drafts", "Add a server to a draft",
        "{serverId, name?, params?, env?, tools?, wrapRemote?}. Optional parameter defaults are applied. 409 on a duplicate name, 400 on a missing or invalid parameter.",
        Request = typeof(AddEntryRequest), Response = typeof(DraftEntry), SuccessStatus = StatusCodes.Status201Created,
        Errors = [StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status412PreconditionFailed])]
    public async Task<IActionResult> AddDraftEntry(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = DraftRoute + "/add")] HttpRequest request,
        string clientId, string profileId, CancellationToken cancellationToken)
    {
        CheckIds(clientId, profileId);
        var body = await RequestBody.ReadAsync<AddEntryRequest>(request, cancellationToken);
        var result = await drafts.AddAsync(clientId, profileId, body, request.IfMatch(), cancellationToken);
        request.SetETag(result.ETag);
        return new CreatedResult($"/v1/config/{clientId}/{profileId}/draft", result.Value);
    }

    [Function("RemoveDraftEntry")]
    [RequiresScope(Scopes.Write)]
    [OpenApiOperation("drafts", "Remove a server from a draft", "{name}. 404 entry_not_found when the draft has no such entry.",
        Request = typeof(RemoveEntryRequest), Response = typeof(DraftEntry), Errors = [StatusCodes.Status404NotFound, StatusCodes.Status412PreconditionFailed])]
    public async Task<IActionResult> RemoveDraftEntry(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = DraftRoute + "/remove")] HttpRequest request,
        string clientId, string profileId, CancellationToken cancellationToken)
    {
        CheckIds(clientId, profileId);
        var body = await RequestBody.ReadAsync<RemoveEntryRequest>(request, cancellationToken);
        var result = await drafts.RemoveAsync(clientId, profileId, body.Name, request.IfMatch(), cancellationToken);
        request.SetETag(result.ETag);
        return new OkObjectResult(result.Value);
    }

    [Function("ClearDraft")]
    [RequiresScope(Scopes.Write)]
    [OpenApiOperation("drafts", "Clear a draft", "Removes every entry.", Response = typeof(ClearedDraft), Errors = [StatusCodes.Status404NotFound, StatusCodes.Status412PreconditionFailed])]
    public async Task<IActionResult> ClearDraft(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = DraftRoute)] HttpRequest request,
        string clientId, string profileId, CancellationToken cancellationToken)
    {
        CheckIds(clientId, profileId);
        var result = await drafts.ClearAsync(clientId, profileId, request.IfMatch(), cancellationToken);
        request.SetETag(result.ETag);
        return new OkObjectResult(new ClearedDraft(result.Value, result.ETag));
    }

    [Function("ImportDraft")]
    [RequiresScope(Scopes.Write)]
    [OpenApiOperation("drafts", "Import a client config file into a draft",
        "{content, mode?}: the text of any supported client's config file. Entries are matched to registry servers where possible; others are kept inline. 400 invalid_import with line and position for unreadable content.",
        Request = typeof(ImportRequest), Response = typeof(ImportResult), Errors = [StatusCodes.Status404NotFound, StatusCodes.Status412PreconditionFailed])]
    public async Task<IActionResult> ImportDraft(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = DraftRoute + "/import")] HttpRequest request,
        string clientId, string profileId, CancellationToken cancellationToken)
    {
        CheckIds(clientId, profileId);
        var body = await RequestBody.ReadAsync<ImportRequest>(request, cancellationToken);
        var result = await drafts.ImportAsync(clientId, profileId, body.Content, body.Mode, request.IfMatch(), cancellationToken);
        request.SetETag(result.ETag);
        return new OkObjectResult(result);
    }

    [Function("ValidateDraft")]
    [RequiresScope(Scopes.Read)]
    [OpenApiOperation("drafts", "Validate a draft",
        "{probe?}: errors and warnings with stable codes; with probe (needs scope write), each server the service may run or reach is also connected to for real (initialize, list tools), and the report's probes say which were skipped and why (inline stdio entries are never run).",
        Request = typeof(ValidationOptions), RequestOptional = true, Response = typeof(ValidationReport), Errors = [StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status429TooManyRequests])]
    public async Task<IActionResult> ValidateDraft(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/config/{clientId}/{profileId}/validate")] HttpRequest request,
        string clientId, string profileId, FunctionContext context, CancellationToken cancellationToken)
    {
        CheckIds(clientId, profileId);
        var options = await RequestBody.ReadOptionalAsync(request, new ValidationOptions(), cancellationToken);

        // A probe starts servers and opens connections from the service's host: more than reading.
        if (options.Probe == true && context.GetPrincipal() is { } caller && !caller.Has(Scopes.Write))
        {
            throw new ProblemException(AccessProblems.InsufficientScope(caller, Scopes.Write) with
            {
                Detail = "A validation with \"probe\": true starts or connects to the draft's servers from the service, so it needs the 'write' scope. "
                    + AccessProblems.InsufficientScope(caller, Scopes.Write).Detail + " Without probe, validation needs only 'read'.",
            });
        }

        return new OkObjectResult(await validation.ValidateDraftAsync(clientId, profileId, options, cancellationToken));
    }

    private static void CheckIds(string clientId, string profileId)
    {
        RouteIds.Require(clientId, "client id");
        RouteIds.Require(profileId, "profile id");
    }
}
