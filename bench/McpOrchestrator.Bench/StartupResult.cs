namespace McpOrchestrator.Bench;

/// <summary>Milliseconds from process start to the first 200 from <c>GET /health</c>, per measured start.</summary>
public sealed record StartupResult(IReadOnlyList<double> BaselineMs, IReadOnlyList<double> FunctionsMs)
{
    public double BaselineMedianMs => Median(BaselineMs);

    public double FunctionsMedianMs => Median(FunctionsMs);

    public double MedianRatio => FunctionsMedianMs / BaselineMedianMs;

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
