using System.Net;
using System.Text.Json;

namespace McpOrchestrator.LocalHost.Tests.Durable;

/// <summary>tests/DurableTestApp, a real isolated app on Microsoft's SDK, under the real local host as a process,
/// on Azurite: Durable behaviour end to end through the worker's own Durable middleware and [DurableClient].</summary>
public sealed class DurableHostEndToEndTests(DurableStorageFixture storage) : IClassFixture<DurableStorageFixture>
{
    [Fact]
    public async Task FanOut_UnderTheHost_CompletesWithTheSum()
    {
        await using var host = await DurableHostProcess.StartAsync(storage.ConnectionString, storage.UniqueHubName());

        var done = await host.WaitAsync(await host.StartOrchestrationAsync("FanOut", 6));

        Assert.Equal("Completed", done.Status);
        Assert.Equal("91", done.Output);
    }

    [Fact]
    public async Task Timer_UnderTheHost_NeverFiresBeforeItIsDue()
    {
        await using var host = await DurableHostProcess.StartAsync(storage.ConnectionString, storage.UniqueHubName());

        var ids = new List<string>();
        foreach (var milliseconds in new[] { 1100, 1350, 1600, 1850, 1990 })
        {
            ids.Add(await host.StartOrchestrationAsync("DurableTimer", milliseconds));
        }

        foreach (var id in ids)
        {
            var done = await host.WaitAsync(id);
            Assert.Equal("Completed", done.Status);
            var report = JsonSerializer.Deserialize<TimerReportView>(done.Output!)!;
            Assert.True(report.ClockAfter >= report.FireAt, $"orchestration clock {report.ClockAfter:O} before the timer's due time {report.FireAt:O}");
            Assert.True(report.WallAfter >= report.FireAt, $"the step after the timer ran at {report.WallAfter:O}, before its due time {report.FireAt:O}");
        }
    }

    [Fact]
    public async Task ExternalEvent_RaisedRightAfterStart_CompletesTheInstance()
    {
        await using var host = await DurableHostProcess.StartAsync(storage.ConnectionString, storage.UniqueHubName());

        var id = await host.StartOrchestrationAsync("Approval");
        await host.PostAsync($"/api/instances/{id}/raise/Approval", "carol");
        var done = await host.WaitAsync(id);

        Assert.Equal("Completed", done.Status);
        Assert.Equal("\"approved by carol\"", done.Output);
    }

    [Fact]
    public async Task Terminate_LongRunningInstance_EndsTerminated()
    {
        await using var host = await DurableHostProcess.StartAsync(storage.ConnectionString, storage.UniqueHubName());

        var id = await host.StartOrchestrationAsync("LongRunning");
        await WaitForAsync(host, id, view => view?.CustomStatus == "\"waiting an hour\"");
        await host.PostAsync($"/api/instances/{id}/terminate");
        var done = await host.WaitAsync(id);

        Assert.Equal("Terminated", done.Status);
        Assert.Equal("\"terminated over HTTP\"", done.Output);
    }

    [Fact]
    public async Task Purge_FinishedInstance_IsGone()
    {
        await using var host = await DurableHostProcess.StartAsync(storage.ConnectionString, storage.UniqueHubName());
        var id = await host.StartOrchestrationAsync("FanOut", 2);
        await host.WaitAsync(id);

        using var purge = await host.Client.DeleteAsync($"/api/instances/{id}");

        Assert.Equal(HttpStatusCode.OK, purge.StatusCode);
        Assert.Contains("\"purged\":1", await purge.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await host.GetAsync(id));
    }

    [Fact]
    public async Task Retry_ActivityFailingTwice_SucceedsOnTheThirdRun()
    {
        await using var host = await DurableHostProcess.StartAsync(storage.ConnectionString, storage.UniqueHubName());

        var done = await host.WaitAsync(await host.StartOrchestrationAsync("Retrying", 2));

        Assert.Equal("Completed", done.Status);
        Assert.Equal("\"succeeded on run 3\"", done.Output);
    }

    [Fact]
    public async Task Webhooks_DurableManagementApi_IsNotExposed()
    {
        await using var host = await DurableHostProcess.StartAsync(storage.ConnectionString, storage.UniqueHubName());
        var id = await host.StartOrchestrationAsync("FanOut", 1);
        await host.WaitAsync(id);

        using var status = await host.Client.GetAsync($"/runtime/webhooks/durabletask/instances/{id}");
        using var purge = await host.Client.DeleteAsync($"/runtime/webhooks/durabletask/instances/{id}");
        using var raise = await host.Client.PostAsync($"/runtime/webhooks/durabletask/instances/{id}/raiseEvent/x", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.NotFound, status.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, purge.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, raise.StatusCode);
        Assert.NotNull(await host.GetAsync(id));
    }

    [Fact]
    public async Task Poison_OrchestratorThatCrashesTheWorker_FailsTheInstanceAndTheHostServesOn()
    {
        await using var host = await DurableHostProcess.StartAsync(storage.ConnectionString, storage.UniqueHubName());

        var id = await host.StartOrchestrationAsync("Poison");
        var done = await host.WaitAsync(id, TimeSpan.FromMinutes(4));

        Assert.Equal("Failed", done.Status);
        Assert.Contains("no worker was available for the same step", done.Failure, StringComparison.Ordinal);
        var after = await host.WaitAsync(await host.StartOrchestrationAsync("FanOut", 3));
        Assert.Equal("Completed", after.Status);
    }

    private static async Task WaitForAsync(DurableHostProcess host, string id, Func<InstanceView?, bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition(await host.GetAsync(id)))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), deadline.Token);
        }
    }

    private sealed record TimerReportView(DateTime FireAt, DateTime ClockAfter, DateTime WallAfter);
}
