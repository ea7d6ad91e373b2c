using McpOrchestrator.Core.Access;
using McpOrchestrator.Core.Live;
using McpOrchestrator.Functions.Http;
using McpOrchestrator.Functions.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace McpOrchestrator.Functions.Live;

/// <summary>Live connections to the servers deployed for client <c>orchestrator</c>, and tool calls routed to one of
/// them. Scope <c>tools</c>.</summary>
public sealed class ConnectionFunctions(LiveSet live, ToolRouter router)
{
    [Function("ListConnections")]
    [RequiresScope(Scopes.Tools)]
    [OpenApiOperation("tools", "Live connections",
        "One row per server deployed for client orchestrator (profile McpOrchestrator__LiveProfile): state, circuit, last health check and its latency, tool count, last error (redacted), and call statistics (p50/p95/p99 over the last 1,024 calls).",
        Response = typeof(ConnectionList))]
    public IActionResult ListConnections(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/connections")] HttpRequest request)
    {
        var status = live.GetStatus();
        return new OkObjectResult(new ConnectionList(status.Profile, status.Version, [.. live.Connections.Select(c => c.GetStatus())]));
    }

    [Function("CallTool")]
    [RequiresScope(Scopes.Tools)]
    [OpenApiOperation("tools", "Call a tool of a live server",
        "Arguments are checked against the tool's input schema before anything is sent (400 invalid_arguments). A tool's own error is an answer: 200 with isError true, never retried. 404 connection_not_found / tool_not_found; 503 server_unavailable with Retry-After while the server is not connected or its circuit is open; 503 server_overloaded; 504 call_timeout (the call is cancelled on the server); 502 server_error or result_too_large (results over 1 MiB by default). timeoutMs: 1 to McpOrchestrator__Mcp__MaxCallTimeout (5 minutes by default).",
        Request = typeof(ToolCallRequest), RequestOptional = true, Response = typeof(LiveCallResult),
        Errors = [StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable])]
    public async Task<IActionResult> CallTool(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/connections/{name}/tools/{tool}")] HttpRequest request,
        string name,
        string tool,
        CancellationToken cancellationToken)
    {
        RouteIds.Require(name, "connection name");
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, request.HttpContext.RequestAborted);
        var body = await RequestBody.ReadOptionalAsync(request, new ToolCallRequest(), caller.Token);
        var result = await router.CallAsync(new ToolCall { Server = name, Tool = tool, Arguments = body.Arguments, TimeoutMs = body.TimeoutMs }, caller.Token);
        return new OkObjectResult(result);
    }
}
