using System.Globalization;
using System.Text;

namespace McpOrchestrator.Bench;

/// <summary>The markdown section of the tool-routing measurement.</summary>
public static class LiveReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Append(StringBuilder md, BenchOptions options, LiveResult live)
    {
        md.AppendLine();
        md.AppendLine("## Tool call routed through the service vs direct SDK call to the same server");
        md.AppendLine();
        md.AppendLine(Invariant,
            $"server-everything 2026.8.31 over stdio, tool `echo`. Routed: the service's live connection (deployed to orchestrator/default), called with `POST /v1/connections/everything/tools/echo` and the API key. Direct: the MCP C# SDK {McpReport.SdkVersion} in the bench process, to its own server-everything. Per phase {options.Requests} calls per path in {live.Rounds} alternating rounds, after {live.WarmUpRequests} warm-up calls per path.");
        md.AppendLine();
        md.AppendLine(live.HubVersion is { } version
            ? $"Third path: npm `mcp-hub` {version} routing a third server-everything over stdio, called with `POST /api/servers/tools` (no credential: mcp-hub has none)."
            : "mcp-hub: not measured (not installed; `npm i -D mcp-hub` or set MCPO_BENCH_MCP_HUB to its dist/cli.js).");
        md.AppendLine();
        AppendPhases(md, [live.Sequential, live.Concurrent], ("routed", "direct", "mcp-hub"));

        md.AppendLine();
        md.AppendLine(Invariant,
            $"Batch: {live.BatchCalls} echo calls through `POST /v1/tools/batch` ({LiveBenchmark.BatchSize} per request, maxParallel {LiveBenchmark.Parallel}, requests one after the other) against {live.BatchCalls} direct SDK calls from {LiveBenchmark.Parallel} concurrent callers; {live.BatchMs.Count} runs of each, alternating.");
        md.AppendLine();
        md.AppendLine("| Path | Median wall ms | Min ms | Max ms | Calls/s (median) |");
        md.AppendLine("|---|--:|--:|--:|--:|");
        md.AppendLine(Invariant, $"| batch API | {Statistics.Median(live.BatchMs):0} | {live.BatchMs.Min():0} | {live.BatchMs.Max():0} | {live.BatchCallsPerSecond:0} |");
        md.AppendLine(Invariant, $"| direct SDK | {Statistics.Median(live.DirectManyMs):0} | {live.DirectManyMs.Min():0} | {live.DirectManyMs.Max():0} | {live.DirectCallsPerSecond:0} |");
        md.AppendLine();
        md.AppendLine(Invariant, $"Batch ÷ direct throughput: {MarkdownReport.Ratio(live.ThroughputRatio)} (below 1: the batch API serves fewer calls per second).");
    }

    /// <summary>The figures of each path, then the ratios between them, phase by phase; <paramref name="labels"/> name
    /// the routed path, the direct one and mcp-hub in the ratios' column.</summary>
    internal static void AppendPhases(StringBuilder md, IReadOnlyList<LivePhase> phases, (string Routed, string Direct, string Hub) labels)
    {
        md.AppendLine("| Path | Clients | Calls | Median ms | p95 ms | p99 ms | Calls/s |");
        md.AppendLine("|---|--:|--:|--:|--:|--:|--:|");
        foreach (var phase in phases)
        {
            var paths = new List<LatencySummary> { phase.RoutedVsDirect.Baseline, phase.RoutedVsDirect.Subject };
            if (phase.RoutedVsHub is { } hub)
            {
                paths.Add(hub.Baseline);
            }

            foreach (var s in paths)
            {
                md.AppendLine(Invariant, $"| {s.Path} | {s.Clients} | {s.Requests} | {s.MedianMs:0.000} | {s.P95Ms:0.000} | {s.P99Ms:0.000} | {s.RequestsPerSecond:0} |");
            }
        }

        md.AppendLine();
        md.AppendLine("| Ratio | Clients | Median | p95 | p99 | Throughput | Median per round, middle half |");
        md.AppendLine("|---|--:|--:|--:|--:|--:|--:|");
        foreach (var phase in phases)
        {
            var ratios = new[]
            {
                ($"{labels.Routed} ÷ {labels.Direct}", phase.RoutedVsDirect),
                ($"{labels.Routed} ÷ {labels.Hub}", phase.RoutedVsHub),
                ($"{labels.Hub} ÷ {labels.Direct}", phase.HubVsDirect),
            };
            foreach (var (label, c) in ratios)
            {
                if (c is not null)
                {
                    md.AppendLine(Invariant,
                        $"| {label} | {c.Subject.Clients} | {MarkdownReport.Ratio(c.MedianRatio)} | {MarkdownReport.Ratio(c.P95Ratio)} | {MarkdownReport.Ratio(c.P99Ratio)} | {MarkdownReport.Ratio(c.ThroughputRatio)} | {MarkdownReport.RoundSpread(c.RoundMedianRatios)} |");
                }
            }
        }
    }
}
