namespace McpOrchestrator.Bench;

/// <summary>Latency percentiles (nearest rank) and throughput of one path in one phase.</summary>
public sealed record LatencySummary
{
    public required string Path { get; init; }

    public required int Clients { get; init; }

    public required int Requests { get; init; }

    public required double MedianMs { get; init; }

    public required double P95Ms { get; init; }

    public required double P99Ms { get; init; }

    /// <summary>Requests completed per second of the batches' wall time.</summary>
    public required double RequestsPerSecond { get; init; }
}
