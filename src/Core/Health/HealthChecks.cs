namespace McpOrchestrator.Core.Health;

/// <summary>The individual checks of a <see cref="HealthReport"/>.</summary>
public sealed record HealthChecks
{
    public required StorageCheck Storage { get; init; }

    /// <summary>The health timer's last heartbeat on this instance; null before its first run.</summary>
    public Heartbeat? Heartbeat { get; init; }
}
