using System.Globalization;
using System.Text;

namespace McpOrchestrator.Bench;

/// <summary>The report sections of the registry (issue 4) and publish (issue 6) measurements.</summary>
public static class ConfigReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void AppendRegistry(StringBuilder md, RegistryResult registry)
    {
        md.AppendLine();
        md.AppendLine("## Registry scale: GET draft and the default page of GET /v1/servers vs raw point read");
        md.AppendLine();
        md.AppendLine(Invariant,
            $"One Functions app; custom entries written straight into the `ServerRegistry` table (the layout of `CustomServerStore`) on top of the {registry.BuiltIns} built-ins, then the app's registry snapshot (TTL 5 s) given time to load them, checked by following the pages of `GET /v1/servers?limit=1000` (each entry once). The draft holds five built-in servers (claude-desktop). Warm figures: the snapshot is loaded during warm-up, and every measured call is served from memory but for one stamp read per 5 s. 1 client; the three paths' order rotates round by round. The raw read is the point read of the heartbeat row with Azure.Data.Tables' `TableClient`.");
        foreach (var scale in registry.Scales)
        {
            md.AppendLine();
            md.AppendLine(Invariant,
                $"**{scale.Entries:N0} entries** ({scale.CustomEntries:N0} custom; listed {scale.Listed:N0}; default page body {scale.ServersBodyBytes / 1024.0:N0} KiB). {scale.Requests} calls per path in {scale.Rounds} rounds after {scale.WarmUp} warm-up calls per path.");
            AppendPhase(md, scale.Phase);
        }

        md.AppendLine();
        md.AppendLine(Invariant,
            $"**Default page at {registry.Scales[^1].Entries:N0} ÷ at {registry.Scales[0].Entries:N0} entries** (goal ≤ 2×): median {MarkdownReport.Ratio(registry.DefaultPageScaling)}; each median over its phase's raw read first: {MarkdownReport.Ratio(registry.DefaultPageScalingOverRaw)}.");
    }

    public static void AppendPublish(StringBuilder md, PublishResult publish)
    {
        md.AppendLine();
        md.AppendLine("## Publish pipeline (5 servers, no probe) and GET deployed config vs raw point read");
        md.AppendLine();
        md.AppendLine(Invariant,
            $"One Functions app with a signing key (no key-encryption key), profile claude-desktop/bench-publish with five built-in servers, version 1 published and deployed first. Pipeline: `POST .../publish` (`deploy: false`, `probe: false`) then `GET /v1/pipelines/{{id}}` every {PublishBenchmark.PollInterval.TotalMilliseconds:0} ms until 200 with outcome `published`; each call of it is one whole pipeline, timed from the POST to the 200. Each round runs one pipeline, one `POST .../validate` of the same draft and one raw read (order rotating), after {publish.PipelineWarmUp} of each.");
        md.AppendLine();
        AppendPhase(md, publish.Pipeline);
        md.AppendLine();
        md.AppendLine(Invariant,
            $"**Deployed config** (version {publish.DeployedVersion} deployed): {publish.ReadRequests} calls per path in {publish.ReadRounds} alternating rounds after {publish.ReadWarmUp} warm-up calls per path, 1 client.");
        AppendPhase(md, publish.DeployedRead);
        var burst = publish.Burst;
        md.AppendLine();
        md.AppendLine(Invariant,
            $"**{burst.Count} publishes at once** (same profile, `deploy: false`, each polling its status every {PublishBenchmark.BurstPollInterval.TotalMilliseconds:0} ms), against {burst.AloneMs.Count} publishes one after the other with the same polling. Each made its own version.");
        md.AppendLine();
        md.AppendLine("| Figure | Value |");
        md.AppendLine("|---|--:|");
        md.AppendLine(Invariant, $"| publish alone, median ms | {burst.AloneMedianMs:0} |");
        md.AppendLine(Invariant, $"| burst, total wall ms (first POST to last 200) | {burst.TotalMs:0} |");
        md.AppendLine(Invariant, $"| burst, per publish: median / max ms | {burst.EachMedianMs:0} / {burst.EachMs.Max():0} |");
        md.AppendLine(Invariant, $"| per publish in the burst ÷ alone, median | {MarkdownReport.Ratio(burst.PerPublishRatio)} |");
        md.AppendLine(Invariant, $"| burst total ÷ {burst.Count} publishes one after the other | {MarkdownReport.Ratio(burst.TotalRatio)} |");
    }

    private static void AppendPhase(StringBuilder md, AuthPhase phase)
    {
        md.AppendLine();
        md.AppendLine("| Path | Calls | Median ms | p95 ms | p99 ms | Calls/s |");
        md.AppendLine("|---|--:|--:|--:|--:|--:|");
        foreach (var s in phase.Paths)
        {
            md.AppendLine(Invariant, $"| {s.Path} | {s.Requests} | {s.MedianMs:0.000} | {s.P95Ms:0.000} | {s.P99Ms:0.000} | {s.RequestsPerSecond:0} |");
        }

        md.AppendLine();
        md.AppendLine("| Ratio | Median | p95 | p99 | Throughput | Median per round, middle half |");
        md.AppendLine("|---|--:|--:|--:|--:|--:|");
        foreach (var (label, c) in phase.Ratios)
        {
            md.AppendLine(Invariant,
                $"| {label} | {MarkdownReport.Ratio(c.MedianRatio)} | {MarkdownReport.Ratio(c.P95Ratio)} | {MarkdownReport.Ratio(c.P99Ratio)} | {MarkdownReport.Ratio(c.ThroughputRatio)} | {MarkdownReport.RoundSpread(c.RoundMedianRatios)} |");
        }
    }
}
