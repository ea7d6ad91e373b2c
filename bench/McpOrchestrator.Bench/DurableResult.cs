namespace McpOrchestrator.Bench;

/// <summary>The orchestration-overhead measurement: wall time of each orchestration of <see cref="Activities"/>
/// trivial activities, and of the same number of direct calls of the same work, per measured round.</summary>
public sealed record DurableResult(int Activities, IReadOnlyList<double> OrchestrationMs, IReadOnlyList<double> DirectMs)
{
    public double OrchestrationMedianMs => Median(OrchestrationMs);

    public double DirectMedianMs => Median(DirectMs);

    /// <summary>Orchestration ÷ direct calls, medians of the rounds.</summary>
    public double MedianRatio => OrchestrationMedianMs / DirectMedianMs;

    /// <summary>The ratio round by round (each round measures both), for the spread.</summary>
    public IReadOnlyList<double> RoundRatios => [.. OrchestrationMs.Zip(DirectMs, (o, d) => o / d)];

    /// <summary>What the orchestration adds per activity, in milliseconds (median orchestration minus median direct, per activity).</summary>
    public double OverheadPerActivityMs => (OrchestrationMedianMs - DirectMedianMs) / Activities;

    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
