using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace McpOrchestrator.LocalRuntime.Durable;

/// <summary>One event of an orchestration's history, as stored (JSON) in its step's history row.</summary>
internal sealed record HistoryEvent(HistoryEventKind Kind)
{
    public int? TaskId { get; init; }

    public string? Name { get; init; }

    /// <summary>Serialized input, result, event payload or output.</summary>
    public string? Data { get; init; }

    public TaskFailureDetails? Failure { get; init; }

    /// <summary>The step's start (OrchestratorStarted) or a timer's due time (TimerCreated, TimerFired), UTC.</summary>
    public DateTime? Time { get; init; }

    /// <summary>The message an external event came in, so that it is applied once.</summary>
    public string? MessageId { get; init; }

    public OrchestrationRuntimeStatus? Status { get; init; }

    public static HistoryEvent OrchestratorStarted(DateTime time) => new(HistoryEventKind.OrchestratorStarted) { Time = time };

    public static HistoryEvent ExecutionStarted(string name, string? input) => new(HistoryEventKind.ExecutionStarted) { Name = name, Data = input };

    public static HistoryEvent TaskScheduled(int taskId, string name, string? input) => new(HistoryEventKind.TaskScheduled) { TaskId = taskId, Name = name, Data = input };

    public static HistoryEvent TaskCompleted(int taskId, string? result) => new(HistoryEventKind.TaskCompleted) { TaskId = taskId, Data = result };

    public static HistoryEvent TaskFailed(int taskId, TaskFailureDetails failure) => new(HistoryEventKind.TaskFailed) { TaskId = taskId, Failure = failure };

    public static HistoryEvent TimerCreated(int taskId, DateTime fireAt) => new(HistoryEventKind.TimerCreated) { TaskId = taskId, Time = fireAt };

    public static HistoryEvent TimerFired(int taskId, DateTime fireAt) => new(HistoryEventKind.TimerFired) { TaskId = taskId, Time = fireAt };

    public static HistoryEvent EventRaised(string name, string? payload, string messageId) =>
        new(HistoryEventKind.EventRaised) { Name = name, Data = payload, MessageId = messageId };

    public static HistoryEvent ExecutionCompleted(OrchestrationRuntimeStatus status, string? output, TaskFailureDetails? failure) =>
        new(HistoryEventKind.ExecutionCompleted) { Status = status, Data = output, Failure = failure };
}
