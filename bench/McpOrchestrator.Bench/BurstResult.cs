namespace McpOrchestrator.Bench;

/// <summary><paramref name="Count"/> publishes started at once: the wall time until the last finished, each one's
/// time from its POST to its 200, and the times of the same publish run alone, one after the other.</summary>
public sealed record BurstResult(int Count, double TotalMs, IReadOnlyList<double> EachMs, IReadOnlyList<double> AloneMs)
{
    public double AloneMedianMs => Statistics.Median(AloneMs);

    public double EachMedianMs => Statistics.Median(EachMs);

    /// <summary>Median publish in the burst ÷ median publish alone.</summary>
    public double PerPublishRatio => EachMedianMs / AloneMedianMs;

    /// <summary>The burst's wall time ÷ the same publishes one after the other (Count × the median alone).</summary>
    public double TotalRatio => TotalMs / (Count * AloneMedianMs);
}
