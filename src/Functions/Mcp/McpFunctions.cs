using System.Text.Json;
using McpOrchestrator.Core.Access;
using McpOrchestrator.Core.Problems;
using McpOrchestrator.Functions.Http;
using McpOrchestrator.Functions.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace McpOrchestrator.Functions.Mcp;

/// <summary>The service as an MCP server: <c>/mcp</c> (Streamable HTTP, stateless) and the OAuth protected resource
/// metadata that tells clients which credentials it takes.</summary>
public sealed class McpFunctions(McpEndpoint endpoint, PublicAddress address)
{
    public const string Route = "mcp";
    public const string ResourceMetadataPath = "/.well-known/oauth-protected-resource/mcp";

    private static readonly string[] BearerMethods = ["header"];

    [Function("Mcp")]
    [RequiresCredential(ResourceMetadataPath)]
    [OpenApiOperation("mcp", "MCP endpoint (Streamable HTTP)",
        "One JSON-RPC message per POST, answered as an SSE stream (or 202 for a notification). Any credential may connect; tools/list shows what its scopes allow: every live tool ({server}__{tool}) with scope tools, the management tools with read or write. A tools/call without the tool's scope is 403 insufficient_scope. Stateless: no Mcp-Session-Id, no server-initiated messages.",
        Errors = [StatusCodes.Status400BadRequest, StatusCodes.Status403Forbidden, StatusCodes.Status406NotAcceptable, StatusCodes.Status413PayloadTooLarge])]
    public async Task<IActionResult> Post(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route)] HttpRequest request,
        [DurableClient] DurableTaskClient durable, FunctionContext context)
    {
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, request.HttpContext.RequestAborted);
        return await endpoint.PostAsync(request, context.GetPrincipal(), durable, caller.Token) ?? new EmptyResult();
    }

    [Function("McpStream")]
    [RequiresCredential(ResourceMetadataPath)]
    [OpenApiOperation("mcp", "MCP endpoint: GET and DELETE",
        "405: the endpoint is stateless, so it offers no standalone SSE stream for server-initiated messages (GET) and no session to end (DELETE).",
        Errors = [StatusCodes.Status405MethodNotAllowed])]
    public static IActionResult Stream(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "delete", Route = Route)] HttpRequest request) =>
        new ProblemResult(new Problem
        {
            Status = StatusCodes.Status405MethodNotAllowed,
            Code = "method_not_allowed",
            Title = "Method Not Allowed",
            Detail = "This MCP endpoint is stateless: it keeps no session to resume or end and sends no server-initiated messages. POST each JSON-RPC message.",
            Headers = new Dictionary<string, string> { ["Allow"] = "POST" },
        });

    [Function("ProtectedResourceMetadata")]
    [PublicEndpoint]
    [OpenApiOperation("mcp", "OAuth protected resource metadata (RFC 9728)",
        "Which credentials /mcp accepts: this service's own API tokens (Authorization: Bearer, from POST /v1/tokens) or its API key; no external authorization server is trusted, so authorization_servers is empty.")]
    public IActionResult ResourceMetadata(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ".well-known/oauth-protected-resource/{resource?}")] HttpRequest request,
        string? resource)
    {
        if (resource is not (null or Route))
        {
            return new ProblemResult(new Problem
            {
                Status = StatusCodes.Status404NotFound,
                Code = "resource_not_found",
                Title = "Not Found",
                Detail = $"This service protects one MCP resource: {address.Absolute(ResourceMetadataPath, request)} describes it.",
            });
        }

        request.HttpContext.Response.Headers.CacheControl = "public, max-age=3600";
        return new ContentResult
        {
            StatusCode = StatusCodes.Status200OK,
            ContentType = "application/json",
            Content = JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["resource"] = address.Absolute("/" + Route, request),
                ["resource_name"] = "MCP Orchestrator",
                ["authorization_servers"] = Array.Empty<string>(),
                ["bearer_methods_supported"] = BearerMethods,
                ["scopes_supported"] = Scopes.All,
                ["resource_documentation"] = address.Absolute("/openapi.json", request),
                ["mcp_orchestrator_credentials"] =
                    "Only this service's own API tokens are accepted: an administrator issues one with POST /v1/tokens (scope tools to call live tools, read or write for the management tools), sent as 'Authorization: Bearer <token>'. The service's API key (X-API-Key) works too. No OAuth authorization server is trusted yet.",
            }),
        };
    }
}
