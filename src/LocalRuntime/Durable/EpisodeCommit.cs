using Azure;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace McpOrchestrator.LocalRuntime.Durable;

/// <summary>What one orchestration step writes: its history, the instance's new state, the messages it applied, and
/// the activities it scheduled.</summary>
internal sealed record EpisodeCommit
{
    public required InstanceRecord Instance { get; init; }

    /// <summary>The instance row's ETag while the step holds its lease.</summary>
    public required ETag LeaseETag { get; init; }

    public required IReadOnlyList<HistoryEvent> NewHistory { get; init; }

    public required OrchestrationRuntimeStatus Status { get; init; }

    public string? Output { get; init; }

    public TaskFailureDetails? Failure { get; init; }

    public string? CustomStatus { get; init; }

    public required IReadOnlyList<string> AppliedMessages { get; init; }

    public required IReadOnlyList<HistoryEvent> ScheduledActivities { get; init; }

    public required DateTimeOffset Now { get; init; }

    /// <summary>The host committing, and how long to keep the lease while a large step writes its work items.</summary>
    public required string Owner { get; init; }

    public required TimeSpan Lease { get; init; }
}
