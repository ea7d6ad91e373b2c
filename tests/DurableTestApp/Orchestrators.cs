using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace McpOrchestrator.DurableTestApp;

/// <summary>One orchestrator per engine behaviour the local host's tests check.</summary>
public static class Orchestrators
{
    [Function(nameof(FanOut))]
    public static async Task<int> FanOut([OrchestrationTrigger] TaskOrchestrationContext context, int count)
    {
        var squares = await Task.WhenAll(Enumerable.Range(1, count).Select(i => context.CallActivityAsync<int>(nameof(Activities.Square), i)));
        return squares.Sum();
    }

    /// <summary>Waits on a durable timer due <paramref name="milliseconds"/> from now (inside a second, where an early
    /// delivery would show), then reports the orchestration clock and the wall clock of the next step.</summary>
    [Function(nameof(DurableTimer))]
    public static async Task<TimerReport> DurableTimer([OrchestrationTrigger] TaskOrchestrationContext context, int milliseconds)
    {
        var fireAt = context.CurrentUtcDateTime.AddMilliseconds(milliseconds);
        await context.CreateTimer(fireAt, CancellationToken.None);
        var wall = await context.CallActivityAsync<DateTime>(nameof(Activities.UtcNow));
        return new TimerReport(fireAt, context.CurrentUtcDateTime, wall);
    }

    [Function(nameof(Approval))]
    public static async Task<string> Approval([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        context.SetCustomStatus("waiting for approval");
        return "approved by " + await context.WaitForExternalEvent<string>("Approval");
    }

    /// <summary>Runs for an hour unless terminated.</summary>
    [Function(nameof(LongRunning))]
    public static async Task<string> LongRunning([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        context.SetCustomStatus("waiting an hour");
        await context.CreateTimer(TimeSpan.FromHours(1), CancellationToken.None);
        return "unreachable";
    }

    /// <summary>Calls an activity that fails its first <c>failures</c> runs, with a retry policy.</summary>
    [Function(nameof(Retrying))]
    public static async Task<string> Retrying([OrchestrationTrigger] TaskOrchestrationContext context, int failures)
    {
        var policy = new RetryPolicy(failures + 2, TimeSpan.FromMilliseconds(200))
        {
            HandleFailure = failure => failure.IsCausedBy<TimeoutException>(),
        };
        return await context.CallActivityAsync<string>(nameof(Activities.Flaky), new FlakyInput(context.InstanceId, failures), TaskOptions.FromRetryPolicy(policy));
    }

    /// <summary>Kills the worker process each time it runs: a poison step the host must fail, not retry forever.</summary>
    [Function(nameof(Poison))]
    public static Task<string> Poison([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        Environment.FailFast("Poison orchestrator: crashing the worker on purpose.");
        return Task.FromResult("unreachable");
    }

    /// <summary>Three journaled steps in a row, for crash-resume across hosts.</summary>
    [Function(nameof(Journaled))]
    public static async Task<int> Journaled([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var total = 0;
        for (var step = 1; step <= 3; step++)
        {
            total += await context.CallActivityAsync<int>(nameof(Activities.JournaledStep), new StepInput(context.InstanceId, step));
        }

        return total;
    }
}
