using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace McpOrchestrator.LocalRuntime.Durable;

/// <summary>Runs one step of an orchestration the way the Durable Task Framework does: the orchestrator function is
/// started afresh and fed its recorded history in order — each activity result, timer and event completes the task the
/// code awaits, and each action the code takes must be the one the history recorded at that point — then the step's
/// new events are applied and whatever the code asks for next is returned as new history. A replay that asks for
/// something different from its history fails the instance with a non-determinism error instead of corrupting it.</summary>
internal static class OrchestrationReplay
{
    public const string NonDeterminismErrorType = "DurableTask.Core.Exceptions.NonDeterministicOrchestrationException";

    public static ReplayResult Run(
        LocalOrchestrationContext context,
        IReadOnlyList<HistoryEvent> past,
        IReadOnlyList<HistoryEvent> incoming,
        IOrchestratorInvocation invocation)
    {
        var state = new ReplayState(context, invocation);
        context.Enter();
        try
        {
            context.Replaying = true;
            foreach (var recorded in past)
            {
                if (!state.Apply(recorded))
                {
                    break;
                }
            }

            if (state.Failure is null && context.UnmatchedActions is [var unrecorded, ..])
            {
                state.Failure = NonDeterminism(context.InstanceId,
                    $"this run of the orchestrator made {unrecorded.Describe()} as task {unrecorded.TaskId}, which the history does not have");
            }

            context.Replaying = false;
            if (state.Failure is null)
            {
                foreach (var arrived in incoming)
                {
                    if (!state.Apply(arrived))
                    {
                        break;
                    }
                }
            }
        }
        finally
        {
            LocalOrchestrationContext.Leave();
        }

        return state.Conclude(incoming);
    }

    private static TaskFailureDetails NonDeterminism(string instanceId, string what) => new(
        NonDeterminismErrorType,
        $"Non-deterministic orchestrator: {what}. The orchestrator code must make the same calls in the same order on every replay " +
        $"(no DateTime.Now, Guid.NewGuid, random values, I/O or non-durable awaits), and must not change while instance '{instanceId}' is running.",
        null, null, null);

    private sealed class ReplayState(LocalOrchestrationContext context, IOrchestratorInvocation invocation)
    {
        private Task? _running;

        public TaskFailureDetails? Failure { get; set; }

        /// <summary>Applies one event; false when the replay must stop (non-determinism or a corrupt history).</summary>
        public bool Apply(HistoryEvent e)
        {
            switch (e.Kind)
            {
                case HistoryEventKind.OrchestratorStarted:
                    context.Now = e.Time ?? context.Now;
                    break;
                case HistoryEventKind.ExecutionStarted:
                    if (_running is not null)
                    {
                        return Stop("the history starts the instance twice");
                    }

                    _running = invocation.Start(context);
                    break;
                case HistoryEventKind.TaskScheduled or HistoryEventKind.TimerCreated:
                    if (!context.TryMatch(e.TaskId!.Value, out var action))
                    {
                        return Stop($"the history has {OrchestrationAction.Describe(e)} as task {e.TaskId}, which this run of the orchestrator did not make");
                    }

                    if (action.Kind != e.Kind || (e.Kind == HistoryEventKind.TaskScheduled && new TaskName(action.Name!) != new TaskName(e.Name!)))
                    {
                        return Stop($"the history has {OrchestrationAction.Describe(e)} as task {e.TaskId}, but this run of the orchestrator made {action.Describe()}");
                    }

                    break;
                case HistoryEventKind.TaskCompleted:
                    if (!context.TryComplete(e.TaskId!.Value, e.Data))
                    {
                        return Stop($"the history completes activity task {e.TaskId}, which this run of the orchestrator is not awaiting");
                    }

                    break;
                case HistoryEventKind.TaskFailed:
                    if (!context.TryFail(e.TaskId!.Value, e.Failure!))
                    {
                        return Stop($"the history fails activity task {e.TaskId}, which this run of the orchestrator is not awaiting");
                    }

                    break;
                case HistoryEventKind.TimerFired:
                    if (!context.TryFire(e.TaskId!.Value))
                    {
                        return Stop($"the history fires timer {e.TaskId}, which this run of the orchestrator did not create");
                    }

                    break;
                case HistoryEventKind.EventRaised:
                    context.Raise(e.Name!, e.Data);
                    break;
                case HistoryEventKind.ExecutionCompleted:
                    break;
                default:
                    return Stop($"the history holds an unknown event '{e.Kind}'");
            }

            return true;
        }

        public ReplayResult Conclude(IReadOnlyList<HistoryEvent> incoming)
        {
            var history = new List<HistoryEvent>(incoming);
            if (Failure is null && _running is null)
            {
                Failure = NonDeterminism(context.InstanceId, "the history never starts the instance");
            }

            if (Failure is not null)
            {
                return Ended(history, OrchestrationRuntimeStatus.Failed, null, Failure);
            }

            if (context.IllegalAccess || _running!.Exception?.InnerException is InvalidOperationException { Message: LocalOrchestrationContext.IllegalAwaitMessage })
            {
                return Ended(history, OrchestrationRuntimeStatus.Failed, null, IllegalAwait());
            }

            if (_running.IsFaulted)
            {
                return Ended(history, OrchestrationRuntimeStatus.Failed, null, TaskFailureDetails.FromException(_running.Exception!.InnerException ?? _running.Exception));
            }

            if (_running.IsCanceled)
            {
                return Ended(history, OrchestrationRuntimeStatus.Failed, null, TaskFailureDetails.FromException(new TaskCanceledException(_running)));
            }

            if (_running.IsCompletedSuccessfully)
            {
                string? output;
                try
                {
                    output = DurableJson.Converter.Serialize(invocation.Output);
                }
                catch (NotSupportedException e)
                {
                    return Ended(history, OrchestrationRuntimeStatus.Failed, null, TaskFailureDetails.FromException(e));
                }

                return Ended(history, OrchestrationRuntimeStatus.Completed, output, null);
            }

            if (!context.IsWaiting)
            {
                return Ended(history, OrchestrationRuntimeStatus.Failed, null, IllegalAwait());
            }

            var scheduled = new List<HistoryEvent>();
            foreach (var action in context.UnmatchedActions)
            {
                var recorded = action.Kind == HistoryEventKind.TaskScheduled
                    ? HistoryEvent.TaskScheduled(action.TaskId, action.Name!, action.Input)
                    : HistoryEvent.TimerCreated(action.TaskId, action.FireAt);
                history.Add(recorded);
                if (action.Kind == HistoryEventKind.TaskScheduled)
                {
                    scheduled.Add(recorded);
                }
            }

            return new ReplayResult(history, OrchestrationRuntimeStatus.Running, null, null, context.CustomStatus, context.NextTimer, scheduled);
        }

        private ReplayResult Ended(List<HistoryEvent> history, OrchestrationRuntimeStatus status, string? output, TaskFailureDetails? failure)
        {
            history.Add(HistoryEvent.ExecutionCompleted(status, output, failure));
            return new ReplayResult(history, status, output, failure, context.CustomStatus, null, []);
        }

        private bool Stop(string what)
        {
            Failure = NonDeterminism(context.InstanceId, what);
            return false;
        }

        private static TaskFailureDetails IllegalAwait() => new(
            typeof(InvalidOperationException).FullName!,
            LocalOrchestrationContext.IllegalAwaitMessage + " The orchestrator can only await tasks of its TaskOrchestrationContext (activities, timers, external events) and Task.WhenAll/WhenAny over them.",
            null, null, null);
    }
}
