using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace McpOrchestrator.LocalRuntime.Tests.TestApp;

/// <summary>Functions that exercise each binding and result kind of the runtime.</summary>
public sealed class TestFunctions(TestSignals signals)
{
    public const string TickSchedule = "*/5 * * * * *";

    [Function("GetItem")]
    public static IActionResult GetItem(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "items/{id:int}")] HttpRequest request,
        int id, bool verbose, string? tag, FunctionContext context) =>
        new OkObjectResult(new { Id = id, Verbose = verbose, Tag = tag, Path = request.Path.Value, Function = context.FunctionDefinition.Name });

    [Function("CreateItem")]
    public static IResult CreateItem(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "items")] HttpRequest request, [Microsoft.Azure.Functions.Worker.Http.FromBody] NewItem item) =>
        TypedResults.Created($"/api/items/{item.Name}", item);

    [Function("Boom")]
    public static Task<IActionResult> Boom([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "boom")] HttpRequest request) =>
        throw new InvalidOperationException("internal detail: connection string AccountKey=do-not-leak");

    [Function("WaitForCancel")]
    public async Task<IActionResult> WaitForCancel(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "wait")] HttpRequest request, CancellationToken cancellationToken)
    {
        signals.WaitStarted.TrySetResult();
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            signals.WaitCancelled.TrySetResult();
            throw;
        }

        return new OkResult();
    }

    [Function("DefaultRoute")]
    public static IActionResult DefaultRoute([HttpTrigger(AuthorizationLevel.Function, "get")] HttpRequest request) =>
        new ContentResult { Content = "default route", ContentType = "text/plain", StatusCode = 200 };

    [Function("Tick")]
    public void Tick([TimerTrigger(TickSchedule)] TimerInfo timer) => signals.Ticks.Writer.TryWrite(timer);
}
