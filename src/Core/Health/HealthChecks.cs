using McpOrchestrator.Core.Signing;

namespace McpOrchestrator.Core.Health;

/// <summary>The individual checks of a <see cref="HealthReport"/>.</summary>
public sealed record HealthChecks
{
    public required StorageCheck Storage { get; init; }

    /// <summary>The health timer's last heartbeat on this instance; null before its first run.</summary>
    public Heartbeat? Heartbeat { get; init; }

    /// <summary>Whether a signing key exists and how it is protected; null when storage could not be read. A missing
    /// key does not make the service unhealthy (publishing says <c>keys_not_initialized</c>).</summary>
    public SigningKeyStatus? Signing { get; init; }

    /// <summary>Up/down counts of the live MCP servers; null when live orchestration is not part of the host.</summary>
    public LiveServersCheck? LiveServers { get; init; }
}
