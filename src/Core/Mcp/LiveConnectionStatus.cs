using McpOrchestrator.Core.Configs;

namespace McpOrchestrator.Core.Mcp;

/// <summary>A snapshot of one live connection, the row of <c>GET /v1/connections</c>: state, circuit, last health
/// check, tools, last error (redacted) and call statistics (p50/p95/p99 over the last 1,024 calls; null before the
/// first call).</summary>
public sealed record LiveConnectionStatus
{
    public required string Name { get; init; }

    public required Transport Transport { get; init; }

    public required LiveConnectionState State { get; init; }

    public required CircuitStatus Circuit { get; init; }

    /// <summary>True after <see cref="McpOptions.HealthFailureThreshold"/> consecutive failed health checks, until one
    /// succeeds.</summary>
    public required bool Down { get; init; }

    public required int ConsecutiveHealthFailures { get; init; }

    public DateTimeOffset? LastHealthCheck { get; init; }

    /// <summary>Latency of the last successful health check.</summary>
    public long? LatencyMs { get; init; }

    public DateTimeOffset? ConnectedAt { get; init; }

    public required int ToolCount { get; init; }

    public string? LastError { get; init; }

    public string? ServerName { get; init; }

    public string? ServerVersion { get; init; }

    public string? ProtocolVersion { get; init; }

    public required int InFlight { get; init; }

    public required long Calls { get; init; }

    /// <summary>Calls that failed (no answer: timeout, transport, circuit open, …).</summary>
    public required long Errors { get; init; }

    /// <summary>Calls the tool answered with <c>isError: true</c> (not counted in <see cref="Errors"/>).</summary>
    public required long ToolErrors { get; init; }

    public double? P50Ms { get; init; }

    public double? P95Ms { get; init; }

    public double? P99Ms { get; init; }
}
