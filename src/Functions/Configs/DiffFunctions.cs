using McpOrchestrator.Core.Access;
using McpOrchestrator.Core.Diff;
using McpOrchestrator.Core.Problems;
using McpOrchestrator.Functions.Http;
using McpOrchestrator.Functions.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace McpOrchestrator.Functions.Configs;

/// <summary><c>POST /v1/config/diff</c>.</summary>
public sealed class DiffFunctions(LocalConfigDiffer local)
{
    [Function("DiffConfig")]
    [RequiresScope(Scopes.Read)]
    [OpenApiOperation("configs", "Diff configurations",
        "{left, right}: two payloads; or {clientId, profileId, local}: a client file's text against the deployed version. Field-level changes in a deterministic order, and status up-to-date, outdated (the deployed side has more or changed) or diverged (the local side has servers the deployed one lacks).",
        Request = typeof(DiffRequest), Response = typeof(ConfigDiff), Errors = [StatusCodes.Status404NotFound])]
    public async Task<IActionResult> DiffConfig(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/config/diff")] HttpRequest request, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadAsync<DiffRequest>(request, cancellationToken);
        if (body.Local is not null)
        {
            if (body.Left is not null || body.Right is not null)
            {
                throw Invalid("Send either {clientId, profileId, local} or {left, right}, not both.");
            }

            return new OkObjectResult(await local.DiffAsync(body.ClientId, body.ProfileId, body.Local, cancellationToken));
        }

        if (body.Left?.Servers is null || body.Right?.Servers is null)
        {
            throw Invalid("Send {left: {servers: [...]}, right: {servers: [...]}} or {clientId, profileId, local: \"<file text>\"}.");
        }

        return new OkObjectResult(ConfigDiffer.Diff(body.Left.Servers, body.Right.Servers));
    }

    private static ProblemException Invalid(string detail) => new(new Problem
    {
        Status = StatusCodes.Status400BadRequest,
        Code = "invalid_diff_request",
        Title = "Bad Request",
        Detail = detail,
    });
}
