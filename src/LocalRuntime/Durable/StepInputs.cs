using Microsoft.DurableTask.Client;

namespace McpOrchestrator.LocalRuntime.Durable;

/// <summary>What a step of an instance has to apply, worked out from its stored state at <c>now</c>: the new history
/// events (the step's start, the instance's start, activity results, fired timers and external events, in the order
/// they happened), the messages they consume, and messages that are stale (already applied by an earlier step).
/// A terminate request ends the instance without running the orchestrator.</summary>
internal sealed record StepInputs(IReadOnlyList<HistoryEvent> Incoming, IReadOnlyList<string> Consumed, bool MoreMessages, InstanceMessage? Terminate)
{
    /// <summary>Messages one step applies at most, so that its transaction stays within 100 operations.</summary>
    public const int MaxMessagesPerStep = 48;

    /// <summary>Whether the step has anything new for the orchestrator (beyond the step's start).</summary>
    public bool HasNews => Terminate is not null || Incoming.Count > 1;

    public static StepInputs From(InstanceState state, DateTimeOffset now)
    {
        var history = state.History;
        var scheduled = history.Where(e => e.Kind == HistoryEventKind.TaskScheduled).Select(e => e.TaskId!.Value).ToHashSet();
        var finished = history.Where(e => e.Kind is HistoryEventKind.TaskCompleted or HistoryEventKind.TaskFailed).Select(e => e.TaskId!.Value).ToHashSet();
        var fired = history.Where(e => e.Kind == HistoryEventKind.TimerFired).Select(e => e.TaskId!.Value).ToHashSet();
        var received = history.Where(e => e.Kind == HistoryEventKind.EventRaised).Select(e => e.MessageId!).ToHashSet(StringComparer.Ordinal);

        var consumed = new List<string>();
        var timed = new List<(DateTimeOffset At, HistoryEvent Event)>();
        var more = false;
        InstanceMessage? terminate = null;
        foreach (var message in state.Messages)
        {
            if (consumed.Count >= MaxMessagesPerStep)
            {
                more = true;
                break;
            }

            consumed.Add(message.RowKey);
            switch (message.Kind)
            {
                case MessageKind.Terminate:
                    terminate ??= message;
                    break;
                case MessageKind.ActivityResult when message.TaskId is { } taskId && scheduled.Contains(taskId) && finished.Add(taskId):
                    timed.Add((message.ArrivedAt, message.Failure is { } failure
                        ? HistoryEvent.TaskFailed(taskId, failure)
                        : HistoryEvent.TaskCompleted(taskId, message.Data)));
                    break;
                case MessageKind.ExternalEvent when received.Add(message.RowKey):
                    timed.Add((message.ArrivedAt, HistoryEvent.EventRaised(message.Name!, message.Data, message.RowKey)));
                    break;
            }
        }

        if (terminate is not null)
        {
            // Everything else is discarded with the instance; the remaining messages go with later cleanup.
            return new StepInputs([HistoryEvent.OrchestratorStarted(now.UtcDateTime)], consumed, more, terminate);
        }

        foreach (var timer in history.Where(e => e.Kind == HistoryEventKind.TimerCreated && !fired.Contains(e.TaskId!.Value)))
        {
            var due = new DateTimeOffset(DateTime.SpecifyKind(timer.Time!.Value, DateTimeKind.Utc));
            if (due <= now)
            {
                timed.Add((due, HistoryEvent.TimerFired(timer.TaskId!.Value, timer.Time.Value)));
            }
        }

        var incoming = new List<HistoryEvent> { HistoryEvent.OrchestratorStarted(now.UtcDateTime) };
        if (history.Count == 0)
        {
            incoming.Add(HistoryEvent.ExecutionStarted(state.Instance.Name, state.Instance.Input));
        }

        incoming.AddRange(timed.OrderBy(t => t.At).Select(t => t.Event));
        return new StepInputs(incoming, consumed, more, null);
    }

    /// <summary>The earliest timer the history has created and not fired (cancelled timers included: only a replay knows them).</summary>
    public static DateTimeOffset? NextTimer(IReadOnlyList<HistoryEvent> history)
    {
        var fired = history.Where(e => e.Kind == HistoryEventKind.TimerFired).Select(e => e.TaskId!.Value).ToHashSet();
        return history
            .Where(e => e.Kind == HistoryEventKind.TimerCreated && !fired.Contains(e.TaskId!.Value))
            .Select(e => (DateTimeOffset?)new DateTimeOffset(DateTime.SpecifyKind(e.Time!.Value, DateTimeKind.Utc)))
            .Min();
    }

    public static bool IsEnded(OrchestrationRuntimeStatus status) =>
        status is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;
}
