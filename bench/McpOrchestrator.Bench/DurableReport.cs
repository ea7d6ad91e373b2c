using System.Globalization;
using System.Text;

namespace McpOrchestrator.Bench;

/// <summary>The durable measurement's section of the report.</summary>
public static class DurableReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Append(StringBuilder md, DurableResult durable)
    {
        md.AppendLine();
        md.AppendLine(Invariant, $"## Orchestration of {durable.Activities} trivial activities vs {durable.Activities} direct calls");
        md.AppendLine();
        md.AppendLine("The Durable test app on the local runtime, one Azurite. Orchestration: `POST /api/bench/chain/N` runs N activities one after the other and answers when the orchestration has completed. Direct: `POST /api/bench/direct/i`, N times one after the other, the same work as an HTTP function. Rounds alternate which goes first; three of each warm up first.");
        md.AppendLine();
        md.AppendLine("| Path | Rounds | Median ms | Min ms | Max ms |");
        md.AppendLine("|---|--:|--:|--:|--:|");
        md.AppendLine(Invariant, $"| {durable.Activities} direct calls (baseline) | {durable.DirectMs.Count} | {durable.DirectMedianMs:0.0} | {durable.DirectMs.Min():0.0} | {durable.DirectMs.Max():0.0} |");
        md.AppendLine(Invariant, $"| orchestration of {durable.Activities} activities | {durable.OrchestrationMs.Count} | {durable.OrchestrationMedianMs:0.0} | {durable.OrchestrationMs.Min():0.0} | {durable.OrchestrationMs.Max():0.0} |");
        md.AppendLine();
        var ratios = durable.RoundRatios.Order().ToArray();
        double At(double p) => ratios[Math.Max(0, (int)Math.Ceiling(p * ratios.Length) - 1)];
        md.AppendLine("| Orchestration ÷ direct calls | Median | Per round, middle half | Overhead per activity |");
        md.AppendLine("|---|--:|--:|--:|");
        md.AppendLine(Invariant, $"| {durable.Activities} activities | {durable.MedianRatio:0.00}× | {At(0.25):0.00}×–{At(0.75):0.00}× | {durable.OverheadPerActivityMs:0.00} ms |");
    }
}
