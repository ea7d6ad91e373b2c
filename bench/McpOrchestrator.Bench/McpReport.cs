using System.Globalization;
using System.Reflection;
using System.Text;
using ModelContextProtocol.Client;

namespace McpOrchestrator.Bench;

/// <summary>The markdown section of the MCP endpoint measurement.</summary>
public static class McpReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The MCP C# SDK the bench's clients run on, as its assembly names it (without the commit).</summary>
    public static string SdkVersion { get; } =
        typeof(McpClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "?";

    public static void Append(StringBuilder md, BenchOptions options, McpResult mcp)
    {
        md.AppendLine();
        md.AppendLine("## tools/call through the service's /mcp vs a direct stdio call vs mcp-hub's /mcp");
        md.AppendLine();
        md.AppendLine(Invariant,
            $"server-everything 2026.8.31 over stdio, tool `echo`, called with the MCP C# SDK {SdkVersion}'s `McpClient.CallToolAsync` on every path: (a) over stdio to a server-everything of the bench's own; (b) over Streamable HTTP to the service's `/mcp` (stateless), tool `{McpBenchmark.RoutedTool}`, a bearer token with scope `tools`; (c) over HTTP+SSE (the only transport mcp-hub's `/mcp` speaks) to npm `mcp-hub` {mcp.HubVersion}, tool `{McpBenchmark.RoutedTool}`, no credential (mcp-hub has none). Each router has its own server-everything over stdio behind it.");
        md.AppendLine();
        md.AppendLine(Invariant,
            $"Per phase {options.Requests} calls per path in {mcp.Rounds} rounds, the paths' order rotating along a balanced Latin square, after {mcp.WarmUpRequests} warm-up calls per path. With {mcp.Clients} clients, (b) and (c) are {mcp.Clients} separate `McpClient`s, each its own connection (and for (c) its own session); (a) is {mcp.Clients} callers on its one stdio client. Each caller sends its next call when its previous one has answered.");
        md.AppendLine();
        LiveReport.AppendPhases(md, [mcp.Sequential, mcp.Concurrent], ("(b)", "(a)", "(c)"));
        md.AppendLine();
        md.AppendLine("Above 1: the first path is slower (latency) or serves more (throughput). (b) ÷ (c) below 1 means the service answers faster than mcp-hub.");
        if (mcp.SequentialCpu.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("CPU time (user + system, from /proc) of each router's process tree during the phase, per call: the router and the server-everything behind it, background work included. It does not grow with the machine's load as latency does.");
            md.AppendLine();
            md.AppendLine("| Router | Clients | CPU ms per call | Per process |");
            md.AppendLine("|---|--:|--:|---|");
            foreach (var (clients, cpu) in new[] { (1, mcp.SequentialCpu), (mcp.Clients, mcp.ConcurrentCpu) })
            {
                foreach (var router in cpu)
                {
                    md.AppendLine(Invariant, $"| {router.Path} | {clients} | {router.MsPerCall:0.000} | {router.Breakdown} |");
                }
            }
        }
    }
}
