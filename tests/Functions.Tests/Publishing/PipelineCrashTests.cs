using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using McpOrchestrator.TestSupport;
using Xunit.Abstractions;

namespace McpOrchestrator.Functions.Tests.Publishing;

/// <summary>The publish pipeline survives crashes: for each step in turn (the orchestrator's first step, snapshot,
/// probe, validate, sign-and-store, deploy — once as the step's activity starts and once just after it has
/// returned) the service process is killed outright (SIGKILL of the process tree) and a new one is started on the
/// same storage; it takes the dead host's work over once the partition lease (3 s here) and the 10 s queue visibility timeouts run out. The killed host reaches
/// storage through a proxy that slows its answers, so each kill lands inside the step it was aimed at (the test's
/// output lists, per pipeline, which steps ran again on the new host). Every pipeline must complete as <c>published</c> and deployed,
/// and each publish must have produced exactly one version and one deployment: versions 1..N without gaps or
/// duplicates, however often a step was cut off and run again.</summary>
public sealed partial class PipelineCrashTests(ITestOutputHelper output)
{
    private const string Client = "claude-desktop";
    private const string Profile = "crash";

    /// <summary>The kill points: the line of the service's output on which the crashing host is killed, and whether the
    /// publish probes its servers (only the probe step needs to; probing costs two node processes).</summary>
    private static readonly (string Name, string Function, bool Returned, bool Probe)[] KillPoints =
    [
        ("orchestrator's first step", "PublishPipeline", false, false),
        ("snapshot starts", "SnapshotDraft", false, false),
        ("snapshot returned", "SnapshotDraft", true, false),
        ("probe starts", "ProbeServer", false, true),
        ("probe returned", "ProbeServer", true, true),
        ("validate starts", "ValidateSnapshot", false, false),
        ("validate returned", "ValidateSnapshot", true, false),
        ("sign-and-store starts", "StoreArtifact", false, false),
        ("sign-and-store returned", "StoreArtifact", true, false),
        ("deploy starts", "DeployArtifact", false, false),
        ("deploy returned", "DeployArtifact", true, false),
    ];

    /// <summary>Each kill point is tried this often: 22 kills, as issue 10 asks for at least 20 across the steps.</summary>
    private const int Rounds = 2;

    /// <summary>How long a pipeline may take to finish after the restart: the new host first waits out the dead
    /// host's partition lease and the visibility timeout of the messages it had taken, then reruns the interrupted
    /// step, on a machine shared with the other tests.</summary>
    private static readonly TimeSpan CompletionDeadline = TimeSpan.FromSeconds(180);

    /// <summary>How long the crashing host may take to reach the step it is killed in: it starts the publish itself
    /// (the host before it stopped gracefully and gave its lease up), on a loaded machine.</summary>
    private static readonly TimeSpan KillLineDeadline = TimeSpan.FromSeconds(120);

    private readonly string _apiKey = "crash-key-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    [Fact]
    public async Task HostKilledAtEachStep_EveryPipelineCompletes_AndEachPublishMakesExactlyOneVersion()
    {
        var total = Stopwatch.StartNew();
        await using var azurite = await AzuriteProcess.StartWithBlobsAndQueuesAsync();
        var environment = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["McpOrchestrator__ApiKey"] = _apiKey,

            // A dead host's messages reappear after 10 s. Shorter than a step can take on a loaded machine is wrong:
            // a message that reappears while its step still runs is processed twice ("split brain") and the
            // orchestration stalls; at 1 s, as the home-made engine's leases were, that is what happened.
            ["AzureFunctionsJobHost__extensions__durableTask__storageProvider__controlQueueVisibilityTimeout"] = "00:00:10",
            ["AzureFunctionsJobHost__extensions__durableTask__storageProvider__workItemQueueVisibilityTimeout"] = "00:00:10",
            ["AzureFunctionsJobHost__extensions__durableTask__storageProvider__maxQueuePollingInterval"] = "00:00:00.200",

            // A dead host's partition is free 3 s after its last renewal (the local host's default is 15 s, the
            // engine's 30 s), renewed every second. Only one host runs at a time here, so a lease that lapses
            // under load is renewed by its owner, not taken by another host.
            ["AzureFunctionsJobHost__extensions__durableTask__storageProvider__leaseInterval"] = "00:00:03",
            ["AzureFunctionsJobHost__extensions__durableTask__storageProvider__leaseAcquireInterval"] = "00:00:01",
        };

        // The host that is killed talks to storage through a proxy that delays every answer, so that its steps take
        // long enough for the kill (which follows the output line by a few milliseconds) to land inside them.
        await using var slow = await SlowProxy.StartAsync(azurite.Port, TimeSpan.FromMilliseconds(40));
        var slowEnvironment = new Dictionary<string, string>(environment)
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString.Replace(
                $":{azurite.Port.ToString(CultureInfo.InvariantCulture)}/", $":{slow.Port.ToString(CultureInfo.InvariantCulture)}/", StringComparison.Ordinal),
        };

        var service = await FunctionsAppProcess.StartAsync(environment);
        try
        {
            await SetUpAsync(new ApiClient(service, _apiKey));
            for (var trial = 0; trial < Rounds * KillPoints.Length; trial++)
            {
                var (name, function, returned, probe) = KillPoints[trial % KillPoints.Length];
                var watch = Stopwatch.StartNew();

                // Stopped gracefully, so that it gives its partition lease up and the next host starts at once.
                await service.StopGracefullyAsync(TimeSpan.FromSeconds(30));
                service = await FunctionsAppProcess.StartAsync(slowEnvironment);
                var api = new ApiClient(service, _apiKey);
                var (status, management, response) = await api.SendAsync(HttpMethod.Post, $"/v1/config/{Client}/{Profile}/publish",
                    new { deploy = true, probe, changelog = $"crash at {name}" });
                var location = response.Headers.Location;
                response.Dispose();
                Assert.True(status == 202, $"{name}: publish answered {status}: {management?.ToJsonString()}");
                Assert.NotNull(location);
                var instanceId = management!["id"]!.GetValue<string>();

                // The invocation line names the orchestration instance (so a host that has already run earlier
                // pipelines is told apart); the "Executed" line names only the invocation id.
                string killedOn;
                try
                {
                    killedOn = await service.WaitForLineAsync(
                        $"Executing 'Functions\\.{function}' \\(Reason='[^']*instance '{instanceId}'", KillLineDeadline);
                    if (returned)
                    {
                        var invocation = InvocationId().Match(killedOn).Groups[1].Value;
                        killedOn = await service.WaitForLineAsync(
                            $"Executed 'Functions\\.{function}' \\(Succeeded, Id={invocation}", KillLineDeadline);
                    }
                }
                catch (TimeoutException)
                {
                    throw new TimeoutException($"{name}: the kill line did not appear. Output:\n{service.Output}");
                }

                await service.DisposeAsync();
                var crashed = service;

                service = await FunctionsAppProcess.StartAsync(environment);
                var pipeline = await CompletionAsync(new ApiClient(service, _apiKey), location.OriginalString, name, crashed, service);
                var result = pipeline["output"]!;
                Assert.True(result["outcome"]?.GetValue<string>() == "published", $"{name}: {pipeline.ToJsonString()}");
                Assert.True(result["deployed"]!.GetValue<bool>(), $"{name}: {pipeline.ToJsonString()}");
                Assert.True(result["version"]!.GetValue<int>() == trial + 1, $"{name}: expected version {trial + 1}: {pipeline.ToJsonString()}");
                Assert.Equal(probe, result["validation"]!["probes"] is JsonArray { Count: 2 });

                // The history after each publish: exactly the versions 1..n, and one deployment of each, newest first.
                var expected = Enumerable.Range(1, trial + 1).Reverse().ToArray();
                var history = await new ApiClient(service, _apiKey).GetAsync($"/v1/config/{Client}/{Profile}/history");
                Assert.True(
                    expected.SequenceEqual(history["artifacts"]!.AsArray().Select(a => a!["version"]!.GetValue<int>())),
                    $"{name}: artifacts {Versions(history["artifacts"])}, expected {string.Join(',', expected)}");
                Assert.True(
                    expected.SequenceEqual(history["deployments"]!.AsArray().Select(d => d!["version"]!.GetValue<int>())),
                    $"{name}: deployments {Versions(history["deployments"])}, expected {string.Join(',', expected)}");
                var deployed = await new ApiClient(service, _apiKey).GetAsync($"/v1/config/{Client}/{Profile}");
                Assert.Equal(trial + 1, deployed["version"]!.GetValue<int>());
                Assert.Equal(result["artifactId"]!.GetValue<string>(), deployed["artifactId"]!.GetValue<string>());

                // What each host ran of this pipeline. Activities run by both were cut off by the kill (or their
                // result was not recorded before it) and ran again; the kill line reaches the test a few milliseconds
                // after it is written, so a kill often lands in the step after the one whose line it waited for.
                var before = Ran(crashed.Output, instanceId);
                var after = Ran(service.Output, instanceId);
                var again = before.Where(f => f != "PublishPipeline").Intersect(after).ToList();
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name}: killed on \"{Trim(killedOn)}\"; crashed host ran [{string.Join(", ", before)}], restarted host ran [{string.Join(", ", after)}], ran again: [{string.Join(", ", again)}]; version {trial + 1} published and deployed after {watch.Elapsed.TotalSeconds:F1} s"));

            }
        }
        finally
        {
            await service.DisposeAsync();
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Rounds * KillPoints.Length} kills in {total.Elapsed.TotalSeconds:F1} s"));
    }

    /// <summary>A signing key, two probe-able servers (the local "everything" MCP server over stdio, twice, so the probe
    /// step fans out) and a draft of both.</summary>
    private static async Task SetUpAsync(ApiClient api)
    {
        await api.ExpectAsync(HttpMethod.Post, "/v1/keys/initialize", new { }, 201);
        var everything = Path.Combine(RepositoryPaths.Root, "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");
        foreach (var id in new[] { "everything-a", "everything-b" })
        {
            await api.ExpectAsync(HttpMethod.Put, $"/v1/servers/{id}", new { name = $"Everything {id[^1..]}", transport = "stdio", command = "node", args = new[] { everything, "stdio" } }, 201);
        }

        await api.ExpectAsync(HttpMethod.Put, $"/v1/clients/{Client}/profiles/{Profile}", null, 201);
        await api.ExpectAsync(HttpMethod.Post, $"/v1/config/{Client}/{Profile}/draft/add", new { serverId = "everything-a" }, 201);
        await api.ExpectAsync(HttpMethod.Post, $"/v1/config/{Client}/{Profile}/draft/add", new { serverId = "everything-b" }, 201);
    }

    /// <summary>Follows the status URI on the restarted host until the pipeline has finished.</summary>
    private static async Task<JsonNode> CompletionAsync(ApiClient api, string statusPath, string name, FunctionsAppProcess crashed, FunctionsAppProcess restarted)
    {
        using var deadline = new CancellationTokenSource(CompletionDeadline);
        JsonNode? last = null;
        while (true)
        {
            var (status, pipeline, response) = await api.SendAsync(HttpMethod.Get, statusPath);
            response.Dispose();
            last = pipeline;
            if (status == 200)
            {
                Assert.True(pipeline!["runtimeStatus"]!.GetValue<string>() == "Completed", $"{name}: {pipeline.ToJsonString()}\nRestarted host:\n{restarted.Output}");
                return pipeline;
            }

            Assert.True(status == 202, $"{name}: polling answered {status}: {pipeline?.ToJsonString()}");
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException(
                    $"{name}: the pipeline did not complete within {CompletionDeadline.TotalSeconds} s of the restart: {last?.ToJsonString()}\nCrashed host:\n{crashed.Output}\nRestarted host:\n{restarted.Output}");
            }
        }
    }

    [GeneratedRegex(@"Id=([0-9a-fA-F-]+)\)")]
    private static partial Regex InvocationId();

    [GeneratedRegex(@"Executing 'Functions\.([A-Za-z]+)'")]
    private static partial Regex FunctionName();

    private static List<string> Ran(string hostOutput, string instanceId) => [.. hostOutput.Split('\n')
        .Where(line => line.Contains($"instance '{instanceId}'", StringComparison.Ordinal))
        .Select(line => FunctionName().Match(line))
        .Where(match => match.Success)
        .Select(match => match.Groups[1].Value)];

    private static string Versions(JsonNode? list) => string.Join(',', list!.AsArray().Select(a => a!["version"]!.GetValue<int>()));

    private static string Trim(string line)
    {
        var start = line.IndexOf("Execut", StringComparison.Ordinal);
        return start < 0 ? line : line[start..];
    }

    /// <summary>A TCP proxy to Azurite that holds every chunk of the answers for a fixed time before passing it on.</summary>
    private sealed class SlowProxy : IAsyncDisposable
    {
        private readonly System.Net.Sockets.TcpListener _listener;
        private readonly CancellationTokenSource _stop = new();
        private readonly int _target;
        private readonly TimeSpan _delay;

        private SlowProxy(int target, TimeSpan delay)
        {
            _target = target;
            _delay = delay;
            _listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            _listener.Start();
        }

        public int Port => ((System.Net.IPEndPoint)_listener.LocalEndpoint).Port;

        public static Task<SlowProxy> StartAsync(int target, TimeSpan delay)
        {
            var proxy = new SlowProxy(target, delay);
            _ = proxy.AcceptAsync();
            return Task.FromResult(proxy);
        }

        public ValueTask DisposeAsync()
        {
            _stop.Cancel();
            _listener.Stop();
            return ValueTask.CompletedTask;
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                System.Net.Sockets.TcpClient downstream;
                try
                {
                    downstream = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or System.Net.Sockets.SocketException or ObjectDisposedException)
                {
                    return;
                }

                _ = RelayAsync(downstream);
            }
        }

        private async Task RelayAsync(System.Net.Sockets.TcpClient downstream)
        {
            using (downstream)
            using (var upstream = new System.Net.Sockets.TcpClient())
            {
                try
                {
                    await upstream.ConnectAsync(System.Net.IPAddress.Loopback, _target, _stop.Token);
                    await Task.WhenAny(
                        PumpAsync(downstream.GetStream(), upstream.GetStream(), TimeSpan.Zero),
                        PumpAsync(upstream.GetStream(), downstream.GetStream(), _delay));
                }
                catch (Exception e) when (e is OperationCanceledException or IOException or System.Net.Sockets.SocketException or ObjectDisposedException)
                {
                    // The killed host's connections end abruptly.
                }
            }
        }

        private async Task PumpAsync(Stream from, Stream to, TimeSpan delay)
        {
            var buffer = new byte[64 * 1024];
            try
            {
                int read;
                while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
                {
                    if (delay > TimeSpan.Zero)
                    {
                        await Task.Delay(delay, _stop.Token);
                    }

                    await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or System.Net.Sockets.SocketException or ObjectDisposedException)
            {
                // Either side went away.
            }
        }
    }
}
