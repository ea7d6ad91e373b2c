using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace McpOrchestrator.Bench;

/// <summary>Renders a run's results as markdown: the figures of each path, then the ratios against the baselines.</summary>
public static class MarkdownReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Render(
        BenchOptions options, DateTimeOffset startedAt, TimeSpan duration, MachineLoad load, HealthResult? health, AuthResult? auth, StartupResult? startup,
        RegistryResult? registry = null, PublishResult? publish = null, LiveResult? live = null,
        ValidationResult? validation = null, McpResult? mcp = null)
    {
        var md = new StringBuilder();
        md.AppendLine(Invariant, $"# MCP Orchestrator bench, {startedAt:yyyy-MM-dd HH:mm} UTC");
        md.AppendLine();
        md.AppendLine(Invariant,
            $"{Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}; mode `{options.Mode.ToString().ToLowerInvariant()}`, run took {duration.TotalSeconds:0} s.");
        if (load.Before is { } before && load.After is { } after)
        {
            md.AppendLine(Invariant,
                $"Load average (1 min): {before:0.0} before the run, {after:0.0} after it (the run itself keeps two or three processes busy).");
        }

        if (options.AppEnvironment.Count > 0)
        {
            md.AppendLine(Invariant, $"Functions apps started with `{string.Join("`, `", options.AppEnvironment.Select(v => $"{v.Key}={v.Value}"))}` (`--app-env`).");
        }

        md.AppendLine("Only the ratios carry over between machines: each compares two paths measured in this run.");

        if (health is not null)
        {
            AppendHealth(md, options, health);
        }

        if (auth is not null)
        {
            AppendAuth(md, options, auth);
        }

        if (startup is not null)
        {
            AppendStartup(md, startup);
        }

        if (publish is not null)
        {
            ConfigReport.AppendPublish(md, publish);
        }

        if (registry is not null)
        {
            ConfigReport.AppendRegistry(md, registry);
        }

        if (live is not null)
        {
            LiveReport.Append(md, options, live);
        }

        if (mcp is not null)
        {
            McpReport.Append(md, options, mcp);
        }

        if (validation is not null)
        {
            ValidationReport.Append(md, validation);
        }

        return md.ToString();
    }

    private static void AppendHealth(StringBuilder md, BenchOptions options, HealthResult health)
    {
        md.AppendLine();
        md.AppendLine("## GET /health vs raw point read of the same row");
        md.AppendLine();
        md.AppendLine(Invariant,
            $"One Azurite, one seeded heartbeat row. Per phase {options.Requests} calls per path in {health.Rounds} alternating rounds, after {health.WarmUpRequests} warm-up calls per path; each client sends its next call when the previous one has answered.");
        md.AppendLine();
        AppendComparisons(md, "GET /health ÷ raw point read", health.Sequential, health.Concurrent);

        md.AppendLine();
        md.AppendLine("Above 1: GET /health is slower (latency) or serves more (throughput). The last column is the 25th to 75th percentile of the median ratio taken round by round; the wider it is, the more the machine's load moved during the phase.");

        md.AppendLine();
        md.AppendLine("## Trivial request: local host vs minimal ASP.NET Core app");
        md.AppendLine();
        md.AppendLine(Invariant,
            $"The local host's test app (`tests/LocalHostTestApp`, Microsoft's worker with ASP.NET Core integration) answers `GET /api/hello` with the text \"hello\" through the local host (Kestrel, route match, YARP forward to the worker's listener plus the paired InvocationRequest over gRPC, the worker's function pipeline, Core Tools' two log lines); the baseline is a minimal ASP.NET Core app answering `GET /hello` with the same text. Same calls, rounds and warm-up as above.");
        md.AppendLine();
        AppendComparisons(md, "local host ÷ minimal app", health.TrivialSequential, health.TrivialConcurrent);

        md.AppendLine();
        md.AppendLine("## Floor: a bare forwarder in front of the minimal app");
        md.AppendLine();
        md.AppendLine("The same `GET /hello` through a bare YARP `IHttpForwarder` (a process of its own, the local host's forwarding client settings, no routing, pairing, logging or middleware) in front of the minimal app: what one forward to another process costs by itself. The local host makes that forward and more, so its ratio cannot be below this one.");
        md.AppendLine();
        AppendComparisons(md, "bare forwarder ÷ minimal app", health.FloorSequential, health.FloorConcurrent);
    }

    private static void AppendComparisons(StringBuilder md, string ratioHeader, params PathComparison[] comparisons)
    {
        md.AppendLine("| Path | Clients | Calls | Median ms | p95 ms | p99 ms | Calls/s |");
        md.AppendLine("|---|--:|--:|--:|--:|--:|--:|");
        foreach (var comparison in comparisons)
        {
            foreach (var s in new[] { comparison.Baseline, comparison.Subject })
            {
                md.AppendLine(Invariant, $"| {s.Path} | {s.Clients} | {s.Requests} | {s.MedianMs:0.000} | {s.P95Ms:0.000} | {s.P99Ms:0.000} | {s.RequestsPerSecond:0} |");
            }
        }

        md.AppendLine();
        md.AppendLine(Invariant, $"| {ratioHeader} | Median | p95 | p99 | Throughput | Median per round, middle half |");
        md.AppendLine("|---|--:|--:|--:|--:|--:|");
        foreach (var c in comparisons)
        {
            md.AppendLine(Invariant,
                $"| {c.Subject.Clients} client{(c.Subject.Clients == 1 ? "" : "s")} | {Ratio(c.MedianRatio)} | {Ratio(c.P95Ratio)} | {Ratio(c.P99Ratio)} | {Ratio(c.ThroughputRatio)} | {RoundSpread(c.RoundMedianRatios)} |");
        }
    }

    private static void AppendAuth(StringBuilder md, BenchOptions options, AuthResult auth)
    {
        md.AppendLine();
        md.AppendLine("## Authenticated GET: bearer token vs API key vs GET /health");
        md.AppendLine();
        md.AppendLine(Invariant,
            $"The authenticated GET is `GET /v1/tokens` (scope admin), listing the run's {auth.TokensListed} tokens; the bearer token has scope admin; `GET /health` is public and sent without a credential. Two Functions apps on the same Azurite with the same API key: the first with the token validation cache at its default (TTL {auth.CacheTtl.TotalSeconds:0.#} s, so its bearer calls are cache hits but for one point read per TTL), the second with `McpOrchestrator__Access__ValidationCacheTtl=00:00:00` (every bearer call reads the token's row). Checked before measuring: a token revoked through the first app is refused by the second on its next call, and one revoked through the second is still accepted by the first.");
        md.AppendLine();
        md.AppendLine(Invariant,
            $"Per phase {options.Requests} calls per path in {auth.Rounds} rounds, the paths' order rotating along a balanced Latin square, after {auth.WarmUpRequests} warm-up calls per path; each client sends its next call when the previous one has answered.");
        md.AppendLine();
        md.AppendLine("| Path | App | Clients | Calls | Median ms | p95 ms | p99 ms | Calls/s |");
        md.AppendLine("|---|---|--:|--:|--:|--:|--:|--:|");
        foreach (var phase in new[] { auth.Sequential, auth.Concurrent })
        {
            foreach (var s in phase.Paths)
            {
                var app = s.Path is AuthBenchmark.BearerUncachedName or AuthBenchmark.ApiKeyUncachedName ? "cache off" : "cache on";
                md.AppendLine(Invariant, $"| {s.Path} | {app} | {s.Clients} | {s.Requests} | {s.MedianMs:0.000} | {s.P95Ms:0.000} | {s.P99Ms:0.000} | {s.RequestsPerSecond:0} |");
            }
        }

        md.AppendLine();
        md.AppendLine("| Ratio | Clients | Median | p95 | p99 | Throughput | Median per round, middle half |");
        md.AppendLine("|---|--:|--:|--:|--:|--:|--:|");
        foreach (var phase in new[] { auth.Sequential, auth.Concurrent })
        {
            foreach (var (label, c) in phase.Ratios)
            {
                md.AppendLine(Invariant,
                    $"| {label} | {phase.Clients} | {Ratio(c.MedianRatio)} | {Ratio(c.P95Ratio)} | {Ratio(c.P99Ratio)} | {Ratio(c.ThroughputRatio)} | {RoundSpread(c.RoundMedianRatios)} |");
            }
        }

        md.AppendLine();
        md.AppendLine("Above 1: the first path is slower (latency) or serves more (throughput). \"bearer ÷ API key\" is what validating a token costs over comparing the API key; \"bearer, cache off ÷ API key, same app\" adds the token's point read; \"÷ /health\" also holds the difference between the two endpoints' own work (a partition query and a list, against a point read). The control compares the same path on the two apps and should stay near 1.00×.");
    }

    private static void AppendStartup(StringBuilder md, StartupResult startup)
    {
        md.AppendLine();
        md.AppendLine("## Startup: process start to the first 200 from GET /health");
        md.AppendLine();
        md.AppendLine("Both started as `dotnet <app>.dll --port N`, ready at their \"Application started\" line, then one GET /health on a new connection. Starts alternate; one unmeasured start of each comes first.");
        md.AppendLine();
        md.AppendLine("| Host | Starts | Median ms | Min ms | Max ms |");
        md.AppendLine("|---|--:|--:|--:|--:|");
        md.AppendLine(Invariant, $"| minimal ASP.NET Core app (baseline) | {startup.BaselineMs.Count} | {startup.BaselineMedianMs:0} | {startup.BaselineMs.Min():0} | {startup.BaselineMs.Max():0} |");
        md.AppendLine(Invariant, $"| Functions app (local host) | {startup.FunctionsMs.Count} | {startup.FunctionsMedianMs:0} | {startup.FunctionsMs.Min():0} | {startup.FunctionsMs.Max():0} |");
        md.AppendLine();
        md.AppendLine("| Functions app ÷ baseline | Median |");
        md.AppendLine("|---|--:|");
        md.AppendLine(Invariant, $"| time to first 200 | {Ratio(startup.MedianRatio)} |");
    }

    // The 25th to the 75th percentile of the per-round median ratios: how far the machine's noise moved the ratio.
    internal static string RoundSpread(IReadOnlyList<double> ratios)
    {
        var sorted = ratios.Order().ToArray();
        double At(double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];
        return $"{Ratio(At(0.25))}–{Ratio(At(0.75))}";
    }

    internal static string Ratio(double value) => value.ToString("0.00", Invariant) + "×";
}
