using System.Globalization;
using McpOrchestrator.Core.Mcp;
using McpOrchestrator.Core.Tests.Mcp;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Core.Tests.Live;

/// <summary>A live connection through many crashes of its server, with the process's managed memory measured. Its
/// own collection, run when no other test runs: the measure is the whole test process's, so the objects of tests
/// running beside it counted too (a CI run once saw 17 MiB of growth that way, against a 16 MiB bound).</summary>
[Collection(SerialCollection.Name)]
public sealed class LiveCrashCycleTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task CrashCycles_AHundred_LeaveOneProcess_AndNoGrowingMemory()
    {
        await using var host = await LiveTestHost.StartAsync(azurite, new Dictionary<string, string?>
        {
            ["McpOrchestrator:Mcp:MaxRetries"] = "0",
            ["McpOrchestrator:Mcp:ReconnectMaxDelay"] = "00:00:00.100",

            // Every other call crashes the server on purpose: keep the breaker out of this test.
            ["McpOrchestrator:Mcp:BreakerFailureRatio"] = "1",
        });
        var marker = TestServers.NewMarker();
        await host.DeployAsync(TestServers.FaultyStdio(marker, name: "crashy"));
        await host.Live.ReconcileAsync();
        await host.WaitConnectedAsync(1);
        var connection = host.Live.Find("crashy")!;
        long baseline = 0;

        for (var cycle = 1; cycle <= 100; cycle++)
        {
            var reconnected = WaitForReconnectAsync(connection);
            Assert.Equal("server_unavailable", (await host.RefusalAsync("crashy", "crash", new { exitCode = 1 })).Code);
            await reconnected.WaitAsync(Deadline);
            Assert.Equal($"Echo: {cycle}", await host.CallTextAsync("crashy", "echo", new { message = cycle.ToString(CultureInfo.InvariantCulture) }));
            if (cycle == 10)
            {
                baseline = SettledMemory();
            }
        }

        var growth = SettledMemory() - baseline;
        Assert.True(growth < 16 * 1024 * 1024, $"Managed memory grew by {growth / 1024} KiB over 90 crash cycles.");
        Assert.Single(ChildProcesses.WithMarker(marker));
        var status = connection.GetStatus();
        Assert.Equal((200L, 100L), (status.Calls, status.Errors));
        await host.Live.StopAsync(CancellationToken.None);
        Assert.Empty(ChildProcesses.WithMarker(marker));
    }

    /// <summary>Completes when the connection is connected again after having left that state.</summary>
    private static Task WaitForReconnectAsync(LiveConnection connection)
    {
        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var left = false;
        connection.StateChanged += (_, state) =>
        {
            if (state != LiveConnectionState.Connected)
            {
                left = true;
            }
            else if (left)
            {
                reconnected.TrySetResult();
            }
        };
        return reconnected.Task;
    }

    private static long SettledMemory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
