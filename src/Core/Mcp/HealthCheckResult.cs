namespace McpOrchestrator.Core.Mcp;

/// <summary>One health check of a live server: whether it answered (<see cref="Method"/> says how), how fast, and
/// the run of consecutive failures; <see cref="Down"/> once that run reaches
/// <see cref="McpOptions.HealthFailureThreshold"/>.</summary>
public sealed record HealthCheckResult
{
    public required string Name { get; init; }

    public required bool Ok { get; init; }

    public required DateTimeOffset CheckedAt { get; init; }

    public required long LatencyMs { get; init; }

    public HealthCheckMethod? Method { get; init; }

    public string? Error { get; init; }

    public McpFailureKind? FailureKind { get; init; }

    public required int ConsecutiveFailures { get; init; }

    public required bool Down { get; init; }
}
