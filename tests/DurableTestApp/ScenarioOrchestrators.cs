using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace McpOrchestrator.DurableTestApp;

/// <summary>Orchestrators, one per behaviour of the engine under test.</summary>
public sealed class ScenarioOrchestrators(TestProbe probe)
{
    /// <summary>Five activities in a row; the input arrives in the unbound parameter. Every activity gets the same
    /// NewGuid and start time, however often the orchestrator is replayed.</summary>
    [Function(nameof(Sequence))]
    public async Task<SequenceResult> Sequence([OrchestrationTrigger] TaskOrchestrationContext context, int start)
    {
        probe.RecordOrchestratorRun(context.InstanceId, context.IsReplaying);
        var log = context.CreateReplaySafeLogger<ScenarioOrchestrators>();
        var marker = context.NewGuid();
        var startedAt = context.CurrentUtcDateTime;
        var value = start;
        for (var step = 1; step <= 5; step++)
        {
            log.LogInformation("Sequence {InstanceId} calls AddOne for step {Step}", context.InstanceId, step);
            context.SetCustomStatus($"step {step}");
            value = await context.CallActivityAsync<int>(nameof(ScenarioActivities.AddOne), new AddOneInput(context.InstanceId, value, marker, startedAt));
        }

        context.SetCustomStatus("done");
        if (!context.IsReplaying)
        {
            probe.RecordCompletion(context.InstanceId);
        }

        return new SequenceResult(value, marker);
    }

    [Function(nameof(Retrying))]
    public async Task<string> Retrying([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var input = context.GetInput<RetryInput>()!;
        var policy = input.RetryOnlyTimeouts
            ? new RetryPolicy(input.MaxAttempts, TimeSpan.FromMilliseconds(50), backoffCoefficient: 2.0)
            {
                HandleTaskFailureDetails = failure => failure.IsCausedBy<TimeoutException>(),
            }
            : new RetryPolicy(input.MaxAttempts, TimeSpan.FromMilliseconds(50), backoffCoefficient: 2.0);
        return await context.CallActivityAsync<string>(
            nameof(ScenarioActivities.Flaky), new FlakyInput(context.InstanceId, input.Failures), new TaskOptions(policy));
    }

    [Function(nameof(FanOut))]
    public async Task<int> FanOut([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var count = context.GetInput<int>();
        var squares = Enumerable.Range(1, count)
            .Select(i => context.CallActivityAsync<int>(nameof(ScenarioActivities.Square), new SquareInput(context.InstanceId, i)))
            .ToList();
        var results = await Task.WhenAll(squares);
        return results.Sum();
    }

    /// <summary>Waits an hour of orchestration time on a durable timer; returns how much orchestration time passed.</summary>
    [Function(nameof(DurableTimer))]
    public async Task<TimeSpan> DurableTimer([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var before = context.CurrentUtcDateTime;
        context.SetCustomStatus("waiting");
        await context.CreateTimer(TimeSpan.FromHours(1), CancellationToken.None);
        return context.CurrentUtcDateTime - before;
    }

    [Function(nameof(Approval))]
    public async Task<string> Approval([OrchestrationTrigger] TaskOrchestrationContext context, ApprovalInput input)
    {
        context.SetCustomStatus("waiting for approval");
        if (input.TimeoutMinutes is { } minutes)
        {
            try
            {
                return "approved: " + await context.WaitForExternalEvent<string>("Approval", TimeSpan.FromMinutes(minutes));
            }
            catch (TaskCanceledException)
            {
                return "timed out";
            }
        }

        // Event names are case-insensitive.
        return "approved: " + await context.WaitForExternalEvent<string>("approval");
    }

    /// <summary>Does some work before it waits, so that an event raised at once arrives before the wait and is buffered.</summary>
    [Function(nameof(EventAfterWork))]
    public async Task<string> EventAfterWork([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        await context.CallActivityAsync(nameof(ScenarioActivities.Hop), new HopInput(context.InstanceId, 1));
        var first = await context.WaitForExternalEvent<int>("Number");
        var second = await context.WaitForExternalEvent<int>("Number");
        return $"{first}+{second}";
    }

    [Function(nameof(WaitForever))]
    public async Task<string> WaitForever([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        context.SetCustomStatus("waiting");
        return await context.WaitForExternalEvent<string>("never");
    }

    [Function(nameof(FailUncaught))]
    public async Task<string> FailUncaught([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        await context.CallActivityAsync(nameof(ScenarioActivities.Explode), "kaboom");
        return "unreachable";
    }

    [Function(nameof(FailCaught))]
    public async Task<string> FailCaught([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        try
        {
            await context.CallActivityAsync(nameof(ScenarioActivities.Explode), "caught");
            return "unreachable";
        }
        catch (TaskFailedException e)
        {
            return $"{e.TaskName}|{e.FailureDetails.ErrorType}|{e.FailureDetails.IsCausedBy<InvalidOperationException>()}|{e.FailureDetails.ErrorMessage}";
        }
    }

    /// <summary>Deliberately non-deterministic: which activity it calls depends on <see cref="TestProbe.Drift"/>, which
    /// a test flips between two steps — as if the code had been changed while the instance was running.</summary>
    [Function(nameof(Drifting))]
    public async Task<string> Drifting([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var activity = probe.Drift ? nameof(ScenarioActivities.Hop) : nameof(ScenarioActivities.AddOne);
        await context.CallActivityAsync(activity, activity == nameof(ScenarioActivities.Hop)
            ? new HopInput(context.InstanceId, 1)
            : new AddOneInput(context.InstanceId, 1, Guid.Empty, default));
        context.SetCustomStatus("waiting");
        await context.WaitForExternalEvent<string>("continue");
        return "done";
    }

    /// <summary>Breaks the rules by awaiting a non-durable task.</summary>
    [Function(nameof(IllegalAwait))]
    public async Task<string> IllegalAwait([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(10));
        return "unreachable";
    }

    /// <summary>Three activities in a row, for the tests that share instances between two hosts.</summary>
    [Function(nameof(Chain))]
    public async Task<int> Chain([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var total = 0;
        for (var step = 1; step <= 3; step++)
        {
            total += await context.CallActivityAsync<int>(nameof(ScenarioActivities.Hop), new HopInput(context.InstanceId, step));
        }

        if (!context.IsReplaying)
        {
            probe.RecordCompletion(context.InstanceId);
        }

        return total;
    }
}
