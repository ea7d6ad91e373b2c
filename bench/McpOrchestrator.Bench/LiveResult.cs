namespace McpOrchestrator.Bench;

/// <summary>The tool-routing measurement: routed ÷ direct (and ÷ mcp-hub) latency with one client and several, and the wall time of
/// <see cref="BatchCalls"/> calls through the batch API against as many direct calls, per run.</summary>
public sealed record LiveResult(
    LivePhase Sequential,
    LivePhase Concurrent,
    int WarmUpRequests,
    int Rounds,
    int BatchCalls,
    IReadOnlyList<double> BatchMs,
    IReadOnlyList<double> DirectManyMs)
{
    /// <summary>mcp-hub's version when it was measured; null when it is not installed.</summary>
    public string? HubVersion { get; init; }

    public double BatchCallsPerSecond => BatchCalls / (Statistics.Median(BatchMs) / 1000);

    public double DirectCallsPerSecond => BatchCalls / (Statistics.Median(DirectManyMs) / 1000);

    /// <summary>Batch ÷ direct throughput, from the medians of the runs.</summary>
    public double ThroughputRatio => BatchCallsPerSecond / DirectCallsPerSecond;
}
