using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using McpOrchestrator.Core.Access;
using McpOrchestrator.TestSupport;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpOrchestrator.Bench;

/// <summary>
/// The service as an MCP server (issue 12): one <c>tools/call</c> of server-everything's <c>echo</c>, made by the MCP C#
/// SDK's <see cref="McpClient"/> three ways in the same interleaved rounds: (a) over stdio straight to a server-everything
/// of the bench's own, the baseline; (b) over Streamable HTTP to the service's <c>/mcp</c> (tool
/// <c>everything__echo</c>, a bearer token with scope <c>tools</c>), which routes it to its live stdio session; (c) to
/// mcp-hub's <c>/mcp</c> (<see cref="McpHubProcess.McpEndpoint"/>, HTTP+SSE, tool <c>everything__echo</c>), which routes
/// it to its own stdio session. Each router has one server-everything behind it, as (a) has. With several clients, (b)
/// and (c) are that many separate <see cref="McpClient"/>s (<see cref="McpClientPool"/>); (a) is that many callers on
/// its one stdio client, since a second client would be a second server process.
/// </summary>
public static class McpBenchmark
{
    public const string DirectName = "(a) direct: McpClient over stdio, echo";
    public const string OursName = "(b) service /mcp: McpClient over Streamable HTTP, everything__echo";
    public const string HubName = "(c) mcp-hub /mcp: McpClient over HTTP+SSE, everything__echo";
    public const string RoutedTool = "everything__echo";
    public const string Tool = "echo";

    private static readonly Dictionary<string, object?> Arguments = new() { ["message"] = "bench" };

    public static async Task<McpResult> RunAsync(BenchStorage storage, BenchOptions options, CancellationToken cancellationToken)
    {
        NpmTools.EnsureInstalled();
        var script = Path.Combine(RepositoryPaths.Root, "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");
        var hubCli = McpHubProcess.Locate()
            ?? throw new BenchFailedException($"mcp-hub is not installed: run 'npm ci' in the repository root (it is pinned in package.json), or set {McpHubProcess.LocationVariable} to its dist/cli.js.");

        Progress("deploying server-everything (stdio) to orchestrator/default");
        await LiveBenchmark.DeployAsync(storage.AppEnvironment["AzureWebJobsStorage"], script, cancellationToken);
        var apiKey = "bench-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        Progress("starting the Functions app");
        await using var app = await FunctionsAppProcess.StartAsync(LiveBenchmark.AppEnvironment(storage, apiKey)).WaitAsync(cancellationToken);
        await LiveBenchmark.WaitConnectedAsync(app, apiKey, cancellationToken);
        var token = await IssueToolsTokenAsync(new ServiceApi(app, apiKey), cancellationToken);

        Progress($"starting mcp-hub {McpHubProcess.Version(hubCli)} with server-everything (stdio)");
        await using var hub = await McpHubProcess.StartAsync(hubCli, "everything", script, cancellationToken);

        Progress($"connecting: 1 stdio client, {options.McpClients} clients to the service's /mcp, {options.McpClients} to mcp-hub's /mcp");
        await using var direct = await McpClient.CreateAsync(
            new StdioClientTransport(new StdioClientTransportOptions { Name = "bench-direct", Command = "node", Arguments = [script, "stdio"], ShutdownTimeout = TimeSpan.FromMilliseconds(300) }),
            cancellationToken: cancellationToken);
        var serviceEndpoint = new Uri(app.Client.BaseAddress!, "/mcp");
        await using var ours = await ConnectAsync(options.McpClients, HttpTransportMode.StreamableHttp, serviceEndpoint, token, cancellationToken);
        await using var hubs = await ConnectAsync(options.McpClients, HttpTransportMode.Sse, hub.McpEndpoint, null, cancellationToken);
        await VerifyAsync(direct, Tool, "direct", cancellationToken);
        await VerifyAsync(ours.First, RoutedTool, "the service's /mcp", cancellationToken);
        await VerifyAsync(hubs.First, RoutedTool, "mcp-hub's /mcp", cancellationToken);

        Func<CancellationToken, Task> directCall = t => EchoAsync(direct, Tool, t);
        Func<CancellationToken, Task> oursFirst = t => EchoAsync(ours.First, RoutedTool, t);
        Func<CancellationToken, Task> hubFirst = t => EchoAsync(hubs.First, RoutedTool, t);
        Func<CancellationToken, Task> oursPooled = t => ours.RunAsync((c, ct) => EchoAsync(c, RoutedTool, ct), t);
        Func<CancellationToken, Task> hubPooled = t => hubs.RunAsync((c, ct) => EchoAsync(c, RoutedTool, ct), t);

        var warmUp = Math.Clamp(options.Requests / 4, 10, 500);
        Progress($"warming up (at least {warmUp} calls and {options.WarmUp.TotalSeconds:0} s per path, 1 and {options.McpClients} clients)");
        foreach (var call in new[] { directCall, oursFirst, hubFirst })
        {
            await LoadRunner.WarmUpAsync(call, warmUp, 1, options.WarmUp, cancellationToken);
        }

        foreach (var call in new[] { directCall, oursPooled, hubPooled })
        {
            await LoadRunner.WarmUpAsync(call, warmUp, options.McpClients, options.WarmUp, cancellationToken);
        }

        var rounds = Math.Min(options.Rounds, options.Requests);
        Progress($"1 client: {options.Requests} calls per path in {rounds} rounds");
        var (sequential, sequentialCpu) = await CompareAsync(
            new(OursName, oursFirst), new(HubName, hubFirst), new(DirectName, directCall), app.ProcessId, hub.ProcessId, options.Requests, 1, rounds, cancellationToken);
        Progress($"{options.McpClients} clients: {options.Requests} calls per path in {rounds} rounds");
        var (concurrent, concurrentCpu) = await CompareAsync(
            new(OursName, oursPooled), new(HubName, hubPooled), new(DirectName, directCall), app.ProcessId, hub.ProcessId, options.Requests, options.McpClients, rounds, cancellationToken);
        return new McpResult(sequential, concurrent, warmUp, rounds, options.McpClients, McpHubProcess.Version(hubCli))
        {
            SequentialCpu = sequentialCpu,
            ConcurrentCpu = concurrentCpu,
        };
    }

    /// <summary>One phase of the three paths in interleaved rounds, and the CPU the two routers' process trees used
    /// meanwhile.</summary>
    private static async Task<(LivePhase Phase, IReadOnlyList<RouterCpu> Cpu)> CompareAsync(
        MeasuredPath ours, MeasuredPath hub, MeasuredPath direct, int appPid, int hubPid, int requests, int clients, int rounds, CancellationToken cancellationToken)
    {
        var appBefore = ProcessTreeCpu.Read(appPid);
        var hubBefore = ProcessTreeCpu.Read(hubPid);
        var phase = await LiveBenchmark.CompareAsync(ours, direct, hub, requests, clients, rounds, cancellationToken);
        var appCpu = ProcessTreeCpu.Between(appBefore, ProcessTreeCpu.Read(appPid));
        var hubCpu = ProcessTreeCpu.Between(hubBefore, ProcessTreeCpu.Read(hubPid));
        IReadOnlyList<RouterCpu> cpu = appCpu.Count == 0 ? [] : [new(ours.Name, appCpu, requests), new(hub.Name, hubCpu, requests)];
        foreach (var router in cpu)
        {
            Progress($"CPU per call, {router.Path}: {router.MsPerCall:0.000} ms ({router.Breakdown})");
        }

        return (phase, cpu);
    }

    /// <summary>One measured call: the answer must not be a tool error and must carry content.</summary>
    private static async Task EchoAsync(McpClient client, string tool, CancellationToken cancellationToken)
    {
        var result = await client.CallToolAsync(tool, Arguments, cancellationToken: cancellationToken);
        if (result.IsError == true || result.Content.Count == 0)
        {
            throw new BenchFailedException($"{tool} answered {(result.IsError == true ? "isError" : "no content")}: {Text(result)}");
        }
    }

    private static async Task VerifyAsync(McpClient client, string tool, string path, CancellationToken cancellationToken)
    {
        var result = await client.CallToolAsync(tool, new Dictionary<string, object?> { ["message"] = "check" }, cancellationToken: cancellationToken);
        if (result.IsError == true || Text(result) != "Echo: check")
        {
            throw new BenchFailedException($"{tool} through {path} does not give the expected answer: {Text(result)}");
        }
    }

    private static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(b => b.Text));

    /// <summary><paramref name="count"/> clients, each with its own transport (and so its own HTTP connection and, for
    /// HTTP+SSE, its own session and event stream), connected one after the other.</summary>
    private static async Task<McpClientPool> ConnectAsync(int count, HttpTransportMode mode, Uri endpoint, string? bearer, CancellationToken cancellationToken)
    {
        var clients = new List<McpClient>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var options = new HttpClientTransportOptions { Endpoint = endpoint, TransportMode = mode, Name = $"bench-{mode}-{i}" };
                if (bearer is not null)
                {
                    options.AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + bearer };
                }

                clients.Add(await McpClient.CreateAsync(new HttpClientTransport(options), cancellationToken: cancellationToken));
            }
        }
        catch
        {
            await new McpClientPool(clients).DisposeAsync();
            throw;
        }

        return new McpClientPool(clients);
    }

    private static async Task<string> IssueToolsTokenAsync(ServiceApi api, CancellationToken cancellationToken)
    {
        var (_, body) = await api.SendAsync(HttpMethod.Post, "/v1/tokens", new { name = "bench-mcp", scopes = new[] { Scopes.Tools } }, cancellationToken, HttpStatusCode.Created);
        using var issued = JsonDocument.Parse(body);
        return issued.RootElement.GetProperty("token").GetString()
            ?? throw new BenchFailedException("POST /v1/tokens answered 201 without a token.");
    }

    private static void Progress(string message) => Console.Error.WriteLine($"[mcp] {message}");
}
