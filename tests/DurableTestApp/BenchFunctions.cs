using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace McpOrchestrator.DurableTestApp;

/// <summary>What bench/ measures the orchestration overhead with: a trivial activity, an orchestration of N of them in
/// a row, and the same trivial work as a plain HTTP function (the baseline, one call per activity).</summary>
public static class BenchFunctions
{
    [Function(nameof(BenchNoop))]
    public static int BenchNoop([ActivityTrigger] int value) => value + 1;

    [Function(nameof(BenchChain))]
    public static async Task<int> BenchChain([OrchestrationTrigger] TaskOrchestrationContext context, int count)
    {
        var value = 0;
        for (var i = 0; i < count; i++)
        {
            value = await context.CallActivityAsync<int>(nameof(BenchNoop), value);
        }

        return value;
    }

    /// <summary>Runs a <see cref="BenchChain"/> of <paramref name="count"/> activities and answers when it has completed.</summary>
    [Function(nameof(BenchRunChain))]
    public static async Task<IActionResult> BenchRunChain(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "bench/chain/{count:int}")] HttpRequest request,
        int count,
        [DurableClient] DurableTaskClient client)
    {
        var instanceId = await client.ScheduleNewOrchestrationInstanceAsync(nameof(BenchChain), count, request.HttpContext.RequestAborted);
        var metadata = await client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, request.HttpContext.RequestAborted);
        return metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed && metadata.ReadOutputAs<int>() == count
            ? new OkObjectResult(metadata.ReadOutputAs<int>())
            : new ObjectResult($"{metadata.RuntimeStatus}: {metadata.SerializedOutput}") { StatusCode = 500 };
    }

    /// <summary>The baseline: the activity's work, called directly as an HTTP function.</summary>
    [Function(nameof(BenchDirect))]
    public static IActionResult BenchDirect(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "bench/direct/{value:int}")] HttpRequest request, int value) =>
        new OkObjectResult(BenchNoop(value));
}
