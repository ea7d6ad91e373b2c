using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace McpOrchestrator.LocalRuntime.Durable;

/// <summary>The outcome of one orchestration step: the events to append to the history, the instance's new status,
/// output or failure, custom status, the next timer to wake it for, and the activities to dispatch.</summary>
internal sealed record ReplayResult(
    IReadOnlyList<HistoryEvent> NewHistory,
    OrchestrationRuntimeStatus Status,
    string? Output,
    TaskFailureDetails? Failure,
    string? CustomStatus,
    DateTime? NextTimer,
    IReadOnlyList<HistoryEvent> ScheduledActivities);
