using System.Globalization;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Mcp;
using McpOrchestrator.Core.Publishing;
using McpOrchestrator.Core.Tests.Mcp;
using McpOrchestrator.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace McpOrchestrator.Core.Tests.Live;

/// <summary>The live set follows the <c>orchestrator/default</c> deployment in a real Azurite, with real stdio servers
/// (the FaultyMcpServer and server-everything) whose processes are counted.</summary>
public sealed class LiveSetTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly string _stateDir = Directory.CreateTempSubdirectory("mcpo-live-").FullName;

    public void Dispose() => Directory.Delete(_stateDir, recursive: true);

    [Fact]
    public async Task ReconcileAsync_AddsReconnectsRefiltersAndRemoves_LeavingTheRestUntouched()
    {
        await using var host = await LiveTestHost.StartAsync(azurite);
        var (markerA, markerB, markerC) = (TestServers.NewMarker(), TestServers.NewMarker(), TestServers.NewMarker());
        var a = Faulty(markerA, "a");
        var b = Faulty(markerB, "b") with { Tools = new ToolFilter { Include = ["echo", "pid"] } };

        var nothing = await host.Live.ReconcileAsync();
        Assert.Null(nothing.Version);
        Assert.Empty(host.Live.Connections);

        await host.DeployAsync(a, b);
        var first = await host.Live.ReconcileAsync();
        Assert.Equal(1, first.Version);
        Assert.Equal(["a", "b"], first.Added);
        await host.WaitConnectedAsync(2);
        var pidA = await host.CallTextAsync("a", "pid");
        var connectionB = host.Live.Find("b");

        var again = await host.Live.ReconcileAsync();
        Assert.False(again.Changed);
        Assert.Equal(["a", "b"], again.Unchanged);

        var c = Faulty(markerC, "c");
        await host.DeployAsync(a with { Args = [.. a.Args, "--max-lifetime-s", "299"] }, b with { Tools = new ToolFilter { Include = ["echo"] } }, c);
        var second = await host.Live.ReconcileAsync();

        Assert.Equal(2, second.Version);
        Assert.Equal(["c"], second.Added);
        Assert.Equal(["a"], second.Reconnected);
        Assert.Equal(["b"], second.FiltersUpdated);
        Assert.Empty(second.Removed);
        Assert.Same(connectionB, host.Live.Find("b"));
        Assert.Equal(["echo"], host.Live.Find("b")!.Tools.Select(t => t.Name));
        await host.WaitConnectedAsync(3);
        var newPidA = await host.CallTextAsync("a", "pid");
        Assert.NotEqual(pidA, newPidA);
        await WaitForProcessesAsync(markerA, [int.Parse(newPidA, CultureInfo.InvariantCulture)]);

        await host.DeployAsync(b with { Tools = new ToolFilter { Include = ["echo"] } });
        var third = await host.Live.ReconcileAsync();

        Assert.Equal(["a", "c"], third.Removed);
        Assert.Equal(["b"], third.Unchanged);
        Assert.Equal(["b"], host.Live.Connections.Select(x => x.Name));
        await ChildProcesses.WaitUntilNoneAsync(markerA);
        await ChildProcesses.WaitUntilNoneAsync(markerC);
        Assert.Single(ChildProcesses.WithMarker(markerB));
        Assert.Equal("Echo: still here", await host.CallTextAsync("b", "echo", new { message = "still here" }));
        Assert.Contains(host.Logs.Lines, l => l.Message == "Live set orchestrator/default reconciled to version 3: 0 added, 2 removed, 0 reconnected, 0 tool filters updated, 1 unchanged");
    }

    [Fact]
    public async Task ReconcileAsync_ManyAtOnce_ApplyTheDeploymentOnce()
    {
        await using var host = await LiveTestHost.StartAsync(azurite);
        var marker = TestServers.NewMarker();
        await host.DeployAsync(Faulty(marker, "only"));

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => host.Live.ReconcileAsync())));

        Assert.Equal(1, results.Sum(r => r.Added.Count));
        Assert.Equal(7, results.Count(r => !r.Changed));
        await host.WaitConnectedAsync(1);
        Assert.Single(ChildProcesses.WithMarker(marker));
    }

    [Fact]
    public async Task StartAsync_ReconcilesInTheBackground_StopAsync_DrainsCallsAndLeavesNoProcess()
    {
        await using var host = await LiveTestHost.StartAsync(azurite);
        var (everything, faulty) = (TestServers.NewMarker(), TestServers.NewMarker());
        await host.DeployAsync(TestServers.EverythingStdio(everything, "everything"), Faulty(faulty, "faulty"));

        await host.Live.StartAsync(CancellationToken.None);
        await WaitForCountAsync(host, 2);
        await host.WaitConnectedAsync(2);
        Assert.Equal("Echo: up", await host.CallTextAsync("everything", "echo", new { message = "up" }));
        var inFlight = host.Router.CallAsync(LiveTestHost.Call("faulty", "slow", new { delayMs = 400 }), CancellationToken.None);
        await WaitForInFlightAsync(host.Live.Find("faulty")!);

        await host.Live.StopAsync(CancellationToken.None).WaitAsync(Deadline);

        Assert.Equal("slept 400 ms", LiveTestHost.Text(await inFlight));
        Assert.Empty(ChildProcesses.WithMarker(everything));
        Assert.Empty(ChildProcesses.WithMarker(faulty));
        Assert.Empty(host.Live.Connections);
        Assert.True((await host.Live.ReconcileAsync()).Stopped);
        Assert.Equal("connection_not_found", (await host.RefusalAsync("faulty", "echo", new { message = "late" })).Code);
    }

    /// <summary>Issue 15, item 11: a stop that lands while the health timer's run is checking a server that never
    /// answers (its connect hangs, the check waits on it; the other server's check has answered) ends every time, 20 times over, and leaves no process.</summary>
    [Fact]
    public async Task StopAsync_DuringAHealthCheck_EndsEveryTime_AndLeavesNoProcess()
    {
        var settings = new Dictionary<string, string?>
        {
            ["McpOrchestrator:Mcp:ConnectTimeout"] = "00:05:00",
            ["McpOrchestrator:Mcp:HealthCheckTimeout"] = "00:05:00",
            ["McpOrchestrator:Live:ShutdownDrainTimeout"] = "00:00:00.500",
        };
        for (var cycle = 1; cycle <= 20; cycle++)
        {
            await using var host = await LiveTestHost.StartAsync(azurite, settings);
            var (hanging, everything) = (TestServers.NewMarker(), TestServers.NewMarker());
            await host.DeployAsync(TestServers.FaultyStdio(hanging, ["--hang-on-start"], name: "hanging"), TestServers.EverythingStdio(everything, "everything"));
            await host.Live.ReconcileAsync();
            await LiveTestHost.WaitForStateAsync(host.Live.Find("everything")!, LiveConnectionState.Connected).WaitAsync(Deadline);
            await WaitForProcessCountAsync(hanging, 1);

            var run = host.Monitor.RunAsync(CancellationToken.None);
            await WaitUntilAsync(() => host.Live.Find("everything")!.GetStatus().LastHealthCheck is not null, "the health run never checked the answering server");
            Assert.False(run.IsCompleted, $"cycle {cycle}: the health run ended before the stop");

            var stop = host.Live.StopAsync(CancellationToken.None);
            await stop.WaitAsync(Deadline);

            var checks = (await run.WaitAsync(Deadline)).Checks;
            Assert.False(checks.Single(c => c.Name == "hanging").Ok);
            Assert.Contains(host.Logs.Lines, l => l.Message.StartsWith("Live connections stopped in", StringComparison.Ordinal));
            Assert.Empty(ChildProcesses.WithMarker(hanging));
            Assert.Empty(ChildProcesses.WithMarker(everything));
        }
    }

    /// <summary>Issue 15, item 11: the host's shutdown timeout bounds the wait. A server that ignores the end of its
    /// stdin while it is still connecting holds its session's end for the stdio grace (a minute here); the stop
    /// returns when the host's token fires, says what is still ending, and the session still ends behind it.</summary>
    [Fact]
    public async Task StopAsync_HostTokenFires_ReturnsAndSaysWhatIsStillEnding()
    {
        await using var host = await LiveTestHost.StartAsync(azurite, new Dictionary<string, string?>
        {
            ["McpOrchestrator:Mcp:ConnectTimeout"] = "00:05:00",
            ["McpOrchestrator:Mcp:StdioShutdownTimeout"] = "00:01:00",
            ["McpOrchestrator:Live:ShutdownDrainTimeout"] = "00:00:00.200",
        });
        var hanging = TestServers.NewMarker();
        await host.DeployAsync(TestServers.FaultyStdio(hanging, ["--hang-on-start"], name: "hanging"));
        await host.Live.ReconcileAsync();
        await WaitForProcessCountAsync(hanging, 1);

        using var hostTimeout = new CancellationTokenSource();
        var stop = host.Live.StopAsync(hostTimeout.Token);
        await WaitUntilAsync(() => host.Logs.Lines.Any(l => l.Message.StartsWith("Stopping 1 live connections", StringComparison.Ordinal)), "the stop never began");
        Assert.False(stop.IsCompleted);
        await hostTimeout.CancelAsync();

        await stop.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains(host.Logs.Lines, l => l.Message == "The host's shutdown timeout ended the wait for live connections; still ending in the background: hanging");
        Assert.DoesNotContain(host.Logs.Lines, l => l.Message.StartsWith("Live connections stopped in", StringComparison.Ordinal));

        foreach (var pid in ChildProcesses.WithMarker(hanging))
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            process.Kill();
        }

        await host.Live.StopAsync(CancellationToken.None).WaitAsync(Deadline);
        Assert.Contains(host.Logs.Lines, l => l.Message.StartsWith("Live connections stopped in", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeploymentObserver_ReconcilesOnlyForTheLiveProfileOfOrchestrator()
    {
        await using var host = await LiveTestHost.StartAsync(azurite);
        var deployment = await host.DeployAsync(Faulty(TestServers.NewMarker(), "observed"));
        var observer = Assert.Single(host.Services.GetServices<IDeploymentObserver>());

        await observer.DeployedAsync(deployment with { ClientId = "claude-desktop" }, CancellationToken.None);
        await observer.DeployedAsync(deployment with { ProfileId = "dev" }, CancellationToken.None);
        Assert.Empty(host.Live.Connections);

        await observer.DeployedAsync(deployment, CancellationToken.None);
        Assert.Equal(["observed"], host.Live.Connections.Select(c => c.Name));
        Assert.Equal(deployment.Version, host.Live.GetStatus().Version);
    }

    [Fact]
    public async Task ReconcileAsync_BrokenEntry_IsLiveButUnavailable_AndSaysWhy()
    {
        await using var host = await LiveTestHost.StartAsync(azurite);
        await host.DeployAsync(new ServerConfig { Name = "broken", Transport = Transport.Stdio, Command = "/nonexistent/mcp-server" });

        await host.Live.ReconcileAsync();
        var connection = host.Live.Find("broken")!;
        await LiveTestHost.WaitForStateAsync(connection, LiveConnectionState.Disconnected).WaitAsync(Deadline);

        var refused = await host.RefusalAsync("broken", "anything");
        Assert.Equal((503, "server_unavailable"), (refused.Status, refused.Code));
        Assert.Equal("5", refused.Headers["Retry-After"]);
        Assert.Contains("command '/nonexistent/mcp-server' not found", refused.Detail, StringComparison.Ordinal);
    }

    private ServerConfig Faulty(string marker, string name) => TestServers.FaultyStdio(marker, ["--state-dir", _stateDir], name: name);

    /// <summary>Waits until exactly <paramref name="expected"/> carry <paramref name="marker"/> (an old process is
    /// still being stopped in the background); /proc is re-read every 50 ms.</summary>
    private static async Task WaitForProcessesAsync(string marker, int[] expected)
    {
        var until = DateTime.UtcNow + Deadline;
        while (!ChildProcesses.WithMarker(marker).Order().SequenceEqual(expected))
        {
            Assert.True(DateTime.UtcNow < until, $"Processes with marker {marker}: {string.Join(", ", ChildProcesses.WithMarker(marker))}; expected {string.Join(", ", expected)}");
            await Task.Delay(50);
        }
    }

    private static async Task WaitForProcessCountAsync(string marker, int count)
    {
        var until = DateTime.UtcNow + Deadline;
        while (ChildProcesses.WithMarker(marker).Count != count)
        {
            Assert.True(DateTime.UtcNow < until, $"Processes with marker {marker}: {ChildProcesses.WithMarker(marker).Count}, not {count}.");
            await Task.Delay(20);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string failure)
    {
        var until = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, failure);
            await Task.Delay(5);
        }
    }

    private static async Task WaitForCountAsync(LiveTestHost host, int count)
    {
        var until = DateTime.UtcNow + Deadline;
        while (host.Live.Connections.Count != count)
        {
            Assert.True(DateTime.UtcNow < until, $"The live set has {host.Live.Connections.Count} connections, not {count}.");
            await Task.Delay(20);
        }
    }

    private static async Task WaitForInFlightAsync(LiveConnection connection)
    {
        var until = DateTime.UtcNow + Deadline;
        while (connection.GetStatus().InFlight == 0)
        {
            Assert.True(DateTime.UtcNow < until, "The call never got in flight.");
            await Task.Delay(5);
        }
    }
}
