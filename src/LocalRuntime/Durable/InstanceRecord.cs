using Azure;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace McpOrchestrator.LocalRuntime.Durable;

/// <summary>The stored state of an orchestration instance (its <c>i|{id}|$</c> row).</summary>
internal sealed record InstanceRecord
{
    public required string InstanceId { get; init; }

    public required string Name { get; init; }

    public required OrchestrationRuntimeStatus Status { get; init; }

    public string? Input { get; init; }

    public string? Output { get; init; }

    public string? CustomStatus { get; init; }

    public TaskFailureDetails? Failure { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset LastUpdatedAt { get; init; }

    /// <summary>How many steps (history rows) the instance has run.</summary>
    public int Episodes { get; init; }

    /// <summary>The host that holds the instance, or empty.</summary>
    public string LeaseOwner { get; init; } = string.Empty;

    public DateTimeOffset LeaseUntil { get; init; }

    /// <summary>Activities of the last step whose work items may not all have been written (a step that scheduled more
    /// than one transaction holds).</summary>
    public IReadOnlyList<int> Undispatched { get; init; } = [];

    public ETag ETag { get; init; }

    public bool IsTerminal => Status is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;

    public bool IsLeasedAt(DateTimeOffset now) => LeaseOwner.Length > 0 && LeaseUntil > now;
}
