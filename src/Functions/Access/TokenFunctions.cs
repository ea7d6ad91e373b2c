using McpOrchestrator.Core.Access;
using McpOrchestrator.Functions.Http;
using McpOrchestrator.Functions.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace McpOrchestrator.Functions.Access;

/// <summary>API tokens: issue (the secret is in this one response only), list, revoke.</summary>
public sealed class TokenFunctions(TokenService tokens, PublicAddress address)
{
    [Function("CreateToken")]
    [RequiresScope(Scopes.Admin)]
    [OpenApiOperation("tokens", "Issue an API token",
        "Creates a token with the given scopes and optional expiry. The secret ('token') is returned in this response only; the service stores its SHA-256 hash.",
        Request = typeof(CreateTokenRequest), Response = typeof(IssuedToken), SuccessStatus = StatusCodes.Status201Created)]
    public async Task<IActionResult> CreateToken(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/tokens")] HttpRequest request, FunctionContext context)
    {
        var body = await RequestBody.ReadAsync<CreateTokenRequest>(request, context.CancellationToken);
        var issued = await tokens.IssueAsync(body, context.GetPrincipal(), context.CancellationToken);
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return new CreatedResult($"/v1/tokens/{issued.Id}", issued);
    }

    [Function("ListTokens")]
    [RequiresScope(Scopes.Admin)]
    [OpenApiOperation("tokens", "List API tokens",
        "Every token with its scopes, expiry, last use and revocation, never the secret; one page at a time, in a stable order that says nothing about age.",
        Response = typeof(TokenList))]
    [OpenApiPaged]
    public async Task<IActionResult> ListTokens(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/tokens")] HttpRequest request, CancellationToken cancellationToken)
    {
        var page = PageQuery.Read(request);
        var listed = await tokens.ListPageAsync(page, cancellationToken);
        return new OkObjectResult(new TokenList(listed.Items, PageQuery.NextLink(address, "/v1/tokens", page, listed.Next)));
    }

    [Function("RevokeToken")]
    [RequiresScope(Scopes.Admin)]
    [OpenApiOperation("tokens", "Revoke an API token", "Revokes the token at once on this instance and within 5 seconds everywhere. Idempotent.",
        Response = typeof(TokenInfo), Errors = [StatusCodes.Status404NotFound])]
    public async Task<IActionResult> RevokeToken(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/tokens/{id}")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        new OkObjectResult(await tokens.RevokeAsync(id, cancellationToken));
}
