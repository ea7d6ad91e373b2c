using McpOrchestrator.Core.Access;
using McpOrchestrator.Core.Live;
using McpOrchestrator.Functions.Http;
using McpOrchestrator.Functions.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace McpOrchestrator.Functions.Live;

/// <summary>The tools of every live server, and batches of tool calls run in parallel. Scope <c>tools</c>.</summary>
public sealed class ToolFunctions(ToolRouter router)
{
    [Function("ListTools")]
    [RequiresScope(Scopes.Tools)]
    [OpenApiOperation("tools", "Every live tool",
        "Tools of every live server after each entry's include/exclude filter, named {server}__{tool}; a name longer than 64 characters keeps its first 55 and ends with '_' and 8 hex digits of its SHA-256. Call one with POST /v1/connections/{server}/tools/{tool}.",
        Response = typeof(ToolList))]
    public IActionResult ListTools(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/tools")] HttpRequest request)
    {
        var tools = router.ListTools();
        return new OkObjectResult(new ToolList(tools.Count, tools));
    }

    [Function("CallToolBatch")]
    [RequiresScope(Scopes.Tools)]
    [OpenApiOperation("tools", "Call many tools in parallel",
        "Results in the order of the calls, each {ok, result} or {ok: false, error: {code, message}} with the codes of the single-call route; one failure never fails the others. At most 100 calls; maxParallel defaults to 10 and is capped to 32. The batch runs within timeoutMs (default and most: McpOrchestrator__Live__BatchTimeout, 2 minutes; more is 400 invalid_batch_timeout); calls unfinished then answer batch_timeout. A credential may run McpOrchestrator__Live__MaxConcurrentBatches (4) batches at once; one more is 429 too_many_batches. When the caller goes away, calls in flight are cancelled on their servers.",
        Request = typeof(BatchRequest), Response = typeof(BatchResult), Errors = [StatusCodes.Status429TooManyRequests])]
    public async Task<IActionResult> CallToolBatch(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/tools/batch")] HttpRequest request,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, request.HttpContext.RequestAborted);
        var body = await RequestBody.ReadAsync<BatchRequest>(request, caller.Token);
        return new OkObjectResult(await router.CallBatchAsync(body.Calls, body.MaxParallel, body.TimeoutMs, context.GetPrincipal().Id, caller.Token));
    }
}
