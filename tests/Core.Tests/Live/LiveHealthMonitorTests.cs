using System.Globalization;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Mcp;
using McpOrchestrator.Core.Tests.Mcp;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Core.Tests.Live;

/// <summary>The health timer's live check (what the 30-second timer runs), run by hand on a manual clock against
/// real servers, with its records read back from a real Azurite.</summary>
public sealed class LiveHealthMonitorTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly string _stateDir = Directory.CreateTempSubdirectory("mcpo-health-").FullName;

    public void Dispose() => Directory.Delete(_stateDir, recursive: true);

    [Fact]
    public async Task RunAsync_ServerStopsAnswering_DownAfterThreeFailures_ReconnectedWhenItAnswersAgain()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.Parse("2026-11-20T12:00:00Z", CultureInfo.InvariantCulture));
        var flag = Path.Combine(_stateDir, "down");
        await using var host = await LiveTestHost.StartAsync(azurite, new Dictionary<string, string?> { ["McpOrchestrator:Mcp:MaxRetries"] = "0" }, clock);
        await host.DeployAsync(ToolRouterTests.FlaggedFaulty("f", flag), TestServers.EverythingStdio(TestServers.NewMarker(), "e"));
        await host.Live.ReconcileAsync();
        await host.WaitConnectedAsync(2);

        var healthy = await host.Monitor.RunAsync(CancellationToken.None).WaitAsync(LiveTestHost.Deadline);
        Assert.Equal([("e", true, HealthCheckMethod.Ping), ("f", true, HealthCheckMethod.ListTools)], healthy.Checks.Select(c => (c.Name, c.Ok, c.Method!.Value)));
        Assert.Equal(2, (await host.HealthStore.ListAsync()).Count(r => r.Ok));

        await File.WriteAllTextAsync(flag, "down");
        Assert.Equal("server_unavailable", (await host.RefusalAsync("f", "crash", new { exitCode = 4 })).Code);
        for (var run = 1; run <= 3; run++)
        {
            clock.Advance(TimeSpan.FromSeconds(30));
            var check = (await host.Monitor.RunAsync(CancellationToken.None).WaitAsync(LiveTestHost.Deadline)).Checks.Single(c => c.Name == "f");
            Assert.False(check.Ok);
            Assert.Equal((run, run == 3), (check.ConsecutiveFailures, check.Down));
            Assert.False(string.IsNullOrEmpty(check.Error));
        }

        var records = await host.HealthStore.ListAsync();
        var down = records.Single(r => r.Server == "f");
        Assert.Equal((false, true, 3, "test-instance"), (down.Ok, down.Down, down.ConsecutiveFailures, down.Instance));
        Assert.NotEqual(LiveConnectionState.Connected, down.State);
        Assert.True(records.Single(r => r.Server == "e").Ok);
        Assert.True(host.Live.Find("f")!.GetStatus().Down);
        Assert.Contains(host.Logs.Lines, l => l.Message == "MCP server f is down after 3 failed health checks");

        File.Delete(flag);
        clock.Advance(TimeSpan.FromSeconds(30));
        var back = (await host.Monitor.RunAsync(CancellationToken.None).WaitAsync(LiveTestHost.Deadline)).Checks.Single(c => c.Name == "f");

        Assert.True(back.Ok, back.Error);
        Assert.Equal((0, false), (back.ConsecutiveFailures, back.Down));
        Assert.Equal(LiveConnectionState.Connected, host.Live.Find("f")!.State);
        var up = (await host.HealthStore.ListAsync()).Single(r => r.Server == "f");
        Assert.Equal((true, false, LiveConnectionState.Connected), (up.Ok, up.Down, up.State));
        Assert.Contains(host.Logs.Lines, l => l.Message == "MCP server f is up again");
    }

    [Fact]
    public async Task RunAsync_PicksUpDeploysMadeElsewhere_AndRecordsOnlyLiveServers()
    {
        await using var host = await LiveTestHost.StartAsync(azurite);
        await host.DeployAsync(Faulty("one"), Faulty("two"));

        var first = await host.Monitor.RunAsync(CancellationToken.None).WaitAsync(LiveTestHost.Deadline);

        Assert.Equal(["one", "two"], first.Reconcile!.Added);
        Assert.All(first.Checks, c => Assert.True(c.Ok, c.Error));
        Assert.Equal(["one", "two"], (await host.HealthStore.ListAsync()).Select(r => r.Server));

        await host.DeployAsync(Faulty("two"));
        var second = await host.Monitor.RunAsync(CancellationToken.None).WaitAsync(LiveTestHost.Deadline);

        Assert.Equal(["one"], second.Reconcile!.Removed);
        Assert.Equal(["two"], second.Checks.Select(c => c.Name));
        Assert.Equal(["two"], (await host.HealthStore.ListAsync()).Select(r => r.Server));
        Assert.Null(second.RecordError);
    }

    private ServerConfig Faulty(string name) => TestServers.FaultyStdio("health-" + name, ["--state-dir", _stateDir], name: name);
}
