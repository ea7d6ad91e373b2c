using McpOrchestrator.Core.Health;
using McpOrchestrator.Core.Live;
using McpOrchestrator.Core.Storage;

namespace McpOrchestrator.Functions.Tests.Live;

/// <summary>The 30-second health timer of the running service checks the live servers, records them in Table
/// Storage, and <c>GET /v1/connections</c> and <c>GET /health</c> show it.</summary>
public sealed class LiveHealthTimerTests
{
    [Fact]
    public async Task HealthTimer_ChecksEveryLiveServer_AndRecordsItInTableStorage()
    {
        await using var live = await LiveService.StartAsync(
            [McpServers.EverythingStdio("everything", McpServers.NewMarker())],
            new Dictionary<string, string> { ["WEBSITE_INSTANCE_ID"] = "e2e-live" });
        await live.WaitAllConnectedAsync(1);

        // The timer fires on the clock's :00 and :30; its line is the signal that a run is over.
        await live.Service.WaitForLineAsync(@"Health check of 1 live servers: 1 up, 0 failed, 0 down", TimeSpan.FromSeconds(45));

        var store = new ServerHealthStore(TableStorage.CreateServiceClient(live.Azurite.ConnectionString), new HostInstance("e2e-live"));
        var row = Assert.Single(await store.ListAsync());
        Assert.Equal(("everything", true, false, 0), (row.Server, row.Ok, row.Down, row.ConsecutiveFailures));
        Assert.Equal(Core.Mcp.HealthCheckMethod.Ping, row.Method);
        var connection = (await live.Api.GetAsync("/v1/connections"))["connections"]![0]!;
        Assert.NotNull((string?)connection["lastHealthCheck"]);
        Assert.NotNull((long?)connection["latencyMs"]);
        var health = await live.Api.GetAsync("/health");
        Assert.Equal(1, (int)health["checks"]!["liveServers"]!["up"]!);
    }
}
