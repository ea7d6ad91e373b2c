using McpOrchestrator.Core.Mcp;

namespace McpOrchestrator.Core.Live;

/// <summary>A live server's last health check as one instance recorded it in the <c>ServerHealth</c> table: whether
/// it answered, how fast, the run of consecutive failures, whether that made it down, and the connection's state and
/// circuit at that moment.</summary>
public sealed record ServerHealthRecord
{
    public required string Instance { get; init; }

    public required string Server { get; init; }

    public required bool Ok { get; init; }

    public required bool Down { get; init; }

    public required int ConsecutiveFailures { get; init; }

    public required DateTimeOffset CheckedAt { get; init; }

    public required long LatencyMs { get; init; }

    public HealthCheckMethod? Method { get; init; }

    public string? Error { get; init; }

    public McpFailureKind? FailureKind { get; init; }

    public required LiveConnectionState State { get; init; }

    public required CircuitStatus Circuit { get; init; }
}
