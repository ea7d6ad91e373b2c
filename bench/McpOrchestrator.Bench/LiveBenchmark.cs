using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Publishing.Artifacts;
using McpOrchestrator.Core.Publishing.Deployments;
using McpOrchestrator.Core.Signing;
using McpOrchestrator.Core.Storage;
using McpOrchestrator.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;

namespace McpOrchestrator.Bench;

/// <summary>
/// Tool routing: a call of server-everything's <c>echo</c> routed through the service
/// (<c>POST /v1/connections/everything/tools/echo</c>: HTTP, authentication, the function, the live connection's
/// resilience pipeline, the stdio session, JSON) against the same call made directly with the MCP C# SDK from the
/// bench process to its own server-everything over stdio (the same package, the same transport). Both paths run in
/// interleaved rounds, with npm <c>mcp-hub</c> routing a third server-everything as a third path when it is installed
/// (<see cref="McpHubProcess"/>). Then throughput: <see cref="BenchOptions.LiveBatchCalls"/> calls through
/// <c>POST /v1/tools/batch</c> (batches of 100, maxParallel 32) against as many direct SDK calls, 32 at a time.
/// </summary>
public static class LiveBenchmark
{
    public const string RoutedName = "routed: POST /v1/connections/everything/tools/echo";
    public const string DirectName = "direct: McpClient.CallToolAsync(\"echo\") over stdio";
    public const string HubName = "mcp-hub: POST /api/servers/tools";
    public const int BatchSize = 100;
    public const int Parallel = 32;

    public static async Task<LiveResult> RunAsync(BenchStorage storage, BenchOptions options, CancellationToken cancellationToken)
    {
        var script = Path.Combine(RepositoryPaths.Root, "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");
        NpmTools.EnsureInstalled();
        var connectionString = storage.AppEnvironment["AzureWebJobsStorage"];
        Progress("deploying server-everything (stdio) to orchestrator/default");
        await DeployAsync(connectionString, script, cancellationToken);

        var apiKey = "bench-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        Progress("starting the Functions app");
        await using var app = await FunctionsAppProcess.StartAsync(AppEnvironment(storage, apiKey)).WaitAsync(cancellationToken);
        await WaitConnectedAsync(app, apiKey, cancellationToken);

        Progress("connecting the bench's own SDK client to server-everything over stdio");
        await using var direct = await McpClient.CreateAsync(
            new StdioClientTransport(new StdioClientTransportOptions { Name = "bench-direct", Command = "node", Arguments = [script, "stdio"], ShutdownTimeout = TimeSpan.FromMilliseconds(300) }),
            cancellationToken: cancellationToken);
        var arguments = new Dictionary<string, object?> { ["message"] = "bench" };
        var body = JsonSerializer.SerializeToUtf8Bytes(new { arguments = new { message = "bench" } });

        Func<CancellationToken, Task> routed = async token =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/connections/everything/tools/echo") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new("application/json");
            request.Headers.Add("X-API-Key", apiKey);
            using var response = await app.Client.SendAsync(request, token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new BenchFailedException($"The routed echo answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(token)}");
            }

            await response.Content.ReadAsByteArrayAsync(token);
        };
        Func<CancellationToken, Task> directCall = async token =>
        {
            var result = await direct.CallToolAsync("echo", arguments, cancellationToken: token);
            if (result.IsError == true)
            {
                throw new BenchFailedException("The direct echo answered isError.");
            }
        };

        var hubCli = McpHubProcess.Locate();
        await using var hub = hubCli is null ? null : await StartHubAsync(hubCli, script, cancellationToken);
        var hubBody = JsonSerializer.SerializeToUtf8Bytes(new { server_name = "everything", tool = "echo", arguments = new { message = "bench" } });
        Func<CancellationToken, Task>? hubCall = hub is null ? null : async token =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/servers/tools") { Content = new ByteArrayContent(hubBody) };
            request.Content.Headers.ContentType = new("application/json");
            using var response = await hub.Client.SendAsync(request, token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new BenchFailedException($"mcp-hub's echo answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(token)}");
            }

            await response.Content.ReadAsByteArrayAsync(token);
        };

        await VerifyAsync(app, apiKey, direct, hub, cancellationToken);
        var warmUp = Math.Clamp(options.Requests / 4, 10, 500);
        Progress($"warming up ({warmUp} calls per path, 1 and {options.Clients} clients)");
        foreach (var clients in new[] { 1, options.Clients })
        {
            await LoadRunner.WarmUpAsync(routed, warmUp, clients, cancellationToken);
            await LoadRunner.WarmUpAsync(directCall, warmUp, clients, cancellationToken);
            if (hubCall is not null)
            {
                await LoadRunner.WarmUpAsync(hubCall, warmUp, clients, cancellationToken);
            }
        }

        var rounds = Math.Min(options.Rounds, options.Requests);
        Progress($"1 client: {options.Requests} calls per path in {rounds} rounds");
        MeasuredPath routedPath = new(RoutedName, routed), directPath = new(DirectName, directCall);
        MeasuredPath? hubPath = hubCall is null ? null : new(HubName, hubCall);
        var sequential = await CompareAsync(routedPath, directPath, hubPath, options.Requests, 1, rounds, cancellationToken);
        Progress($"{options.Clients} clients: {options.Requests} calls per path in {rounds} rounds");
        var concurrent = await CompareAsync(routedPath, directPath, hubPath, options.Requests, options.Clients, rounds, cancellationToken);

        var batchMs = new List<double>();
        var directBatchMs = new List<double>();
        Progress($"batch: {options.LiveBatchCalls} calls through POST /v1/tools/batch vs direct, {options.LiveBatchRuns} runs each, alternating");
        await BatchAsync(app, apiKey, BatchSize, cancellationToken);
        await DirectManyAsync(directCall, BatchSize, cancellationToken);
        for (var run = 0; run < options.LiveBatchRuns; run++)
        {
            if (run % 2 == 0)
            {
                batchMs.Add(await BatchAsync(app, apiKey, options.LiveBatchCalls, cancellationToken));
                directBatchMs.Add(await DirectManyAsync(directCall, options.LiveBatchCalls, cancellationToken));
            }
            else
            {
                directBatchMs.Add(await DirectManyAsync(directCall, options.LiveBatchCalls, cancellationToken));
                batchMs.Add(await BatchAsync(app, apiKey, options.LiveBatchCalls, cancellationToken));
            }
        }

        return new LiveResult(sequential, concurrent, warmUp, rounds, options.LiveBatchCalls, batchMs, directBatchMs)
        {
            HubVersion = hubCli is null ? null : McpHubProcess.Version(hubCli),
        };
    }

    /// <summary>One phase: routed and direct, and mcp-hub when it is measured, in interleaved rounds.</summary>
    internal static async Task<LivePhase> CompareAsync(
        MeasuredPath routed, MeasuredPath direct, MeasuredPath? hub, int requests, int clients, int rounds, CancellationToken cancellationToken)
    {
        List<MeasuredPath> paths = [routed, direct];
        if (hub is not null)
        {
            paths.Add(hub);
        }

        var logs = await InterleavedRounds.RunAsync(paths, requests, clients, rounds, cancellationToken);
        return new LivePhase(
            PathComparison.Between(logs[0], logs[1]),
            hub is null ? null : PathComparison.Between(logs[0], logs[2]),
            hub is null ? null : PathComparison.Between(logs[2], logs[1]));
    }

    private static async Task<McpHubProcess> StartHubAsync(string cli, string script, CancellationToken cancellationToken)
    {
        Progress($"starting mcp-hub {McpHubProcess.Version(cli)} with server-everything (stdio)");
        return await McpHubProcess.StartAsync(cli, "everything", script, cancellationToken);
    }

    /// <summary><paramref name="calls"/> echo calls in batches of <see cref="BatchSize"/>, one batch after the other,
    /// each with maxParallel <see cref="Parallel"/>; every result is checked. Returns the wall time in ms.</summary>
    private static async Task<double> BatchAsync(FunctionsAppProcess app, string apiKey, int calls, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        for (var sent = 0; sent < calls; sent += BatchSize)
        {
            var size = Math.Min(BatchSize, calls - sent);
            var batch = Enumerable.Range(sent, size).Select(i => new { server = "everything", tool = "echo", arguments = new { message = $"b{i}" } });
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/tools/batch") { Content = JsonContent.Create(new { calls = batch, maxParallel = Parallel }) };
            request.Headers.Add("X-API-Key", apiKey);
            using var response = await app.Client.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            using var document = JsonDocument.Parse(text);
            var results = document.RootElement.GetProperty("results");
            if (response.StatusCode != HttpStatusCode.OK || results.GetArrayLength() != size || results.EnumerateArray().Any(r => !r.GetProperty("ok").GetBoolean()))
            {
                throw new BenchFailedException($"A batch of {size} echo calls did not come back whole ({(int)response.StatusCode}): {text[..Math.Min(text.Length, 500)]}");
            }
        }

        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static async Task<double> DirectManyAsync(Func<CancellationToken, Task> call, int calls, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await LoadRunner.RunAsync(call, calls, new LatencyLog("direct many", Parallel, calls), cancellationToken);
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static async Task VerifyAsync(FunctionsAppProcess app, string apiKey, McpClient direct, McpHubProcess? hub, CancellationToken cancellationToken)
    {
        if (hub is not null)
        {
            using var hubResponse = await hub.Client.PostAsync("/api/servers/tools", JsonContent.Create(new { server_name = "everything", tool = "echo", arguments = new { message = "check" } }), cancellationToken);
            var hubText = await hubResponse.Content.ReadAsStringAsync(cancellationToken);
            if (!hubText.Contains("\"text\":\"Echo: check\"", StringComparison.Ordinal))
            {
                throw new BenchFailedException($"mcp-hub does not give the same answer: {hubText}");
            }
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/connections/everything/tools/echo") { Content = JsonContent.Create(new { arguments = new { message = "check" } }) };
        request.Headers.Add("X-API-Key", apiKey);
        using var response = await app.Client.SendAsync(request, cancellationToken);
        var routedText = await response.Content.ReadAsStringAsync(cancellationToken);
        var directResult = await direct.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "check" }, cancellationToken: cancellationToken);
        var directText = string.Concat(directResult.Content.OfType<ModelContextProtocol.Protocol.TextContentBlock>().Select(b => b.Text));
        if (!routedText.Contains("\"text\":\"Echo: check\"", StringComparison.Ordinal) || directText != "Echo: check")
        {
            throw new BenchFailedException($"The two paths do not give the same answer: routed {routedText}, direct {directText}");
        }
    }

    /// <summary>The environment of a Functions app that runs the deployed server-everything: the storage settings, the
    /// API key, <c>node</c> allowed as a stdio command (inline stdio entries are never started otherwise), and a short
    /// stdio shutdown so that the app stops quickly.</summary>
    internal static Dictionary<string, string> AppEnvironment(BenchStorage storage, string apiKey) =>
        new(ServiceApi.Environment(storage, apiKey))
        {
            ["McpOrchestrator__Mcp__AllowedCommands"] = "node",
            ["McpOrchestrator__Mcp__StdioShutdownTimeout"] = "00:00:00.300",
        };

    /// <summary>Polls <c>GET /v1/connections</c> every 100 ms until a live server is connected, within 60 s.</summary>
    internal static async Task WaitConnectedAsync(FunctionsAppProcess app, string apiKey, CancellationToken cancellationToken)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/connections");
            request.Headers.Add("X-API-Key", apiKey);
            using var response = await app.Client.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (text.Contains("\"state\":\"connected\"", StringComparison.Ordinal))
            {
                return;
            }

            if (DateTime.UtcNow > until)
            {
                throw new BenchFailedException($"server-everything did not become live within 60 s: {text}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Publishes and deploys <c>orchestrator/default</c> with one live server, <c>everything</c>: <c>node &lt;script&gt; stdio</c>.</summary>
    internal static async Task DeployAsync(string connectionString, string script, CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = connectionString }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddTableStorage(configuration).AddSigning(configuration).AddDeploymentStore();
        await using var provider = services.BuildServiceProvider();
        var signing = provider.GetRequiredService<SigningKeyService>();
        if (!(await signing.GetStatusAsync(cancellationToken)).Present)
        {
            await signing.InitializeAsync(rotate: false, cancellationToken);
        }

        var server = new ServerConfig { Name = "everything", Transport = Transport.Stdio, Command = "node", Args = [script, "stdio"] };
        var artifact = await provider.GetRequiredService<ArtifactStore>().PublishAsync(
            new PublishRequest
            {
                ClientId = "orchestrator",
                ProfileId = "default",
                Payload = ConfigPayload.Create("orchestrator", "default", [server]).ToJson(),
                PublishedBy = "api-key",
            },
            cancellationToken);
        await provider.GetRequiredService<DeploymentStore>().DeployAsync(
            new DeployRequest { ClientId = "orchestrator", ProfileId = "default", Version = artifact.Version, DeployedBy = "api-key" },
            cancellationToken);
    }

    private static void Progress(string message) => Console.Error.WriteLine($"[live] {message}");
}
