using McpOrchestrator.LocalRuntime.Durable;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpOrchestrator.LocalRuntime.Tests.Durable;

/// <summary>The replay logic on its own: orchestrator delegates fed hand-written histories, without storage or hosts.</summary>
public sealed class OrchestrationReplayTests
{
    private static readonly DateTime Start = new(2026, 5, 1, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void FirstStep_SchedulesTheFirstActivity_AndIsNotReplaying()
    {
        var replaying = new List<bool>();
        var result = Run(async context =>
        {
            replaying.Add(context.IsReplaying);
            var one = await context.CallActivityAsync<int>("Add", 1);
            replaying.Add(context.IsReplaying);
            return await context.CallActivityAsync<int>("Add", one);
        }, past: [], incoming: Begin(Start));

        Assert.Equal(OrchestrationRuntimeStatus.Running, result.Status);
        var scheduled = Assert.Single(result.ScheduledActivities);
        Assert.Equal((0, "Add", "1"), (scheduled.TaskId, scheduled.Name, scheduled.Data));
        Assert.Equal([false], replaying);
    }

    [Fact]
    public void LaterStep_ReplaysThePast_ThenContinuesWithTheNewResult()
    {
        var replaying = new List<bool>();
        var result = Run(async context =>
        {
            replaying.Add(context.IsReplaying);
            var one = await context.CallActivityAsync<int>("Add", 1);
            replaying.Add(context.IsReplaying);
            return await context.CallActivityAsync<int>("Add", one);
        },
        past: [.. Begin(Start), HistoryEvent.TaskScheduled(0, "Add", "1")],
        incoming: [HistoryEvent.OrchestratorStarted(Start.AddSeconds(1)), HistoryEvent.TaskCompleted(0, "2")]);

        Assert.Equal([true, false], replaying);
        var scheduled = Assert.Single(result.ScheduledActivities);
        Assert.Equal((1, "Add", "2"), (scheduled.TaskId, scheduled.Name, scheduled.Data));
    }

    [Fact]
    public void DifferentActivityThanTheHistory_FailsAsNonDeterministic()
    {
        var result = Run(async context => await context.CallActivityAsync<int>("Changed", 1),
            past: [.. Begin(Start), HistoryEvent.TaskScheduled(0, "Original", "1")],
            incoming: [HistoryEvent.OrchestratorStarted(Start.AddSeconds(1)), HistoryEvent.TaskCompleted(0, "2")]);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.Status);
        Assert.Equal(OrchestrationReplay.NonDeterminismErrorType, result.Failure!.ErrorType);
        Assert.Contains("activity 'Original' as task 0", result.Failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("activity 'Changed'", result.Failure.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(HistoryEventKind.ExecutionCompleted, result.NewHistory[^1].Kind);
    }

    [Fact]
    public void ActionTheHistoryDoesNotHave_FailsAsNonDeterministic()
    {
        var result = Run(async context =>
        {
            var first = context.CallActivityAsync<int>("A", 1);
            var second = context.CallActivityAsync<int>("B", 1);
            return await first + await second;
        },
        past: [.. Begin(Start), HistoryEvent.TaskScheduled(0, "A", "1")],
        incoming: [HistoryEvent.OrchestratorStarted(Start.AddSeconds(1)), HistoryEvent.TaskCompleted(0, "2")]);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, result.Status);
        Assert.Contains("activity 'B' as task 1, which the history does not have", result.Failure!.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void NewGuid_IsTheSameOnEveryReplay_AndAVersion5Guid()
    {
        Guid Once()
        {
            var guid = Guid.Empty;
            Run(async context =>
            {
                guid = context.NewGuid();
                return await context.CallActivityAsync<int>("A");
            }, past: [], incoming: Begin(Start));
            return guid;
        }

        var first = Once();

        Assert.Equal(first, Once());
        Assert.Equal(5, first.Version);
    }

    [Fact]
    public void RetryPolicy_DelaysWithBackoff_UpToTheMaximumInterval_AsDurableTimers()
    {
        var policy = new RetryPolicy(4, TimeSpan.FromSeconds(10), backoffCoefficient: 2.0, maxRetryInterval: TimeSpan.FromSeconds(30));
        var failure = new TaskFailureDetails("System.TimeoutException", "slow", null, null, null);
        Func<LocalOrchestrationContext, Task<object?>> orchestrator = async context =>
            await context.CallActivityAsync<int>("Flaky", null, new TaskOptions(policy));

        // Each step: the last attempt failed (or its timer fired); the history grows with what the step recorded.
        var history = new List<HistoryEvent>(Begin(Start));
        var now = Start;
        var delays = new List<TimeSpan>();
        history.Add(HistoryEvent.TaskScheduled(0, "Flaky", null));
        for (var attempt = 0; attempt < 3; attempt++)
        {
            now = now.AddSeconds(1);
            var failed = Run(orchestrator, history, [HistoryEvent.OrchestratorStarted(now), HistoryEvent.TaskFailed(attempt * 2, failure)]);
            var timer = Assert.Single(failed.NewHistory, e => e.Kind == HistoryEventKind.TimerCreated);
            delays.Add(timer.Time!.Value - now);
            history.AddRange(failed.NewHistory);
            now = timer.Time.Value;
            var fired = Run(orchestrator, history, [HistoryEvent.OrchestratorStarted(now), HistoryEvent.TimerFired(timer.TaskId!.Value, now)]);
            history.AddRange(fired.NewHistory);
        }

        var last = Run(orchestrator, history, [HistoryEvent.OrchestratorStarted(now.AddSeconds(1)), HistoryEvent.TaskFailed(6, failure)]);

        Assert.Equal([TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30)], delays);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, last.Status);
        Assert.Contains("slow", last.Failure!.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void EventBeforeItsTimeout_WinsAndCancelsTheTimer()
    {
        Func<LocalOrchestrationContext, Task<object?>> orchestrator = async context =>
            await context.WaitForExternalEvent<string>("Go", TimeSpan.FromMinutes(5));

        var waiting = Run(orchestrator, [], Begin(Start));
        var answered = Run(orchestrator, [.. Begin(Start), .. waiting.NewHistory.Skip(2)],
            [HistoryEvent.OrchestratorStarted(Start.AddMinutes(1)), HistoryEvent.EventRaised("go", "\"now\"", "m1")]);

        Assert.Equal(Start.AddMinutes(5), waiting.NextTimer);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, answered.Status);
        Assert.Equal("\"now\"", answered.Output);
    }

    private static HistoryEvent[] Begin(DateTime at) => [HistoryEvent.OrchestratorStarted(at), HistoryEvent.ExecutionStarted("Test", null)];

    private static ReplayResult Run(Func<LocalOrchestrationContext, Task<object?>> orchestrator, IReadOnlyList<HistoryEvent> past, IReadOnlyList<HistoryEvent> incoming)
    {
        var context = new LocalOrchestrationContext("instance-1", "Test", null, null, NullLoggerFactory.Instance);
        return OrchestrationReplay.Run(context, past, incoming, new DelegateInvocation(orchestrator));
    }

    private sealed class DelegateInvocation(Func<LocalOrchestrationContext, Task<object?>> orchestrator) : IOrchestratorInvocation
    {
        private Task<object?>? _running;

        public object? Output => _running!.Result;

        public Task Start(LocalOrchestrationContext context)
        {
            _running = Task.Factory.StartNew(() => orchestrator(context), CancellationToken.None, TaskCreationOptions.None, SynchronousTaskScheduler.Instance).Unwrap();
            return _running;
        }
    }
}
