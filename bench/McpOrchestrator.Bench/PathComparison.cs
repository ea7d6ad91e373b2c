namespace McpOrchestrator.Bench;

/// <summary>A path measured against its baseline in the same phase; ratios above 1 mean the path is slower
/// (latency) and below 1 that it serves less (throughput). <see cref="RoundMedianRatios"/> (one per interleaved round)
/// show how much the machine's noise moved the median ratio during the phase.</summary>
public sealed record PathComparison(LatencySummary Subject, LatencySummary Baseline, IReadOnlyList<double> RoundMedianRatios)
{
    public double MedianRatio => Subject.MedianMs / Baseline.MedianMs;

    public double P95Ratio => Subject.P95Ms / Baseline.P95Ms;

    public double P99Ratio => Subject.P99Ms / Baseline.P99Ms;

    public double ThroughputRatio => Subject.RequestsPerSecond / Baseline.RequestsPerSecond;

    /// <summary>Compares two paths measured in the same interleaved rounds.</summary>
    public static PathComparison Between(LatencyLog subject, LatencyLog baseline)
    {
        var roundRatios = subject.RoundMediansMs().Zip(baseline.RoundMediansMs(), (s, b) => s / b).ToArray();
        return new PathComparison(subject.Summarize(), baseline.Summarize(), roundRatios);
    }
}
