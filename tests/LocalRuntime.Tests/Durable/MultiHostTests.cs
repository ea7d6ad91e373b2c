using McpOrchestrator.DurableTestApp;
using McpOrchestrator.LocalRuntime.Durable;
using McpOrchestrator.TestSupport;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace McpOrchestrator.LocalRuntime.Tests.Durable;

/// <summary>Two runtimes on one storage account and task hub, sharing the work of many instances.</summary>
public sealed class MultiHostTests(AzuriteFixture storage) : IClassFixture<AzuriteFixture>
{
    private const int Instances = 100;

    [Fact]
    public async Task TwoHosts_ShareHundredInstances_EachCompletesOnce_AndNoneRunsOnBothAtOnce()
    {
        var hub = DurableHost.NewHubName();
        var probe = new TestProbe();
        var steps = new StepJournal();
        await using var first = await StartAsync(hub, probe, steps, "A");
        await using var second = await StartAsync(hub, probe, steps, "B");
        var client = ExternalClient.For(storage.ConnectionString, hub);

        var ids = new List<string>();
        for (var i = 0; i < Instances; i++)
        {
            ids.Add(await client.ScheduleNewOrchestrationInstanceAsync(nameof(ScenarioOrchestrators.Chain)));
        }

        var done = await Task.WhenAll(ids.Select(id => DurableWait.CompletionAsync(client, id, TimeSpan.FromMinutes(3))));

        Assert.All(done, d => Assert.Equal(OrchestrationRuntimeStatus.Completed, d.RuntimeStatus));
        Assert.All(done, d => Assert.Equal(60, d.ReadOutputAs<int>()));
        Assert.All(ids, id => Assert.Equal(1, probe.Completions.GetValueOrDefault(id)));
        var runs = probe.ActivityRuns.Where(r => r.Activity == nameof(ScenarioActivities.Hop)).ToList();
        Assert.Equal(Instances * 3, runs.Count);
        Assert.All(runs.GroupBy(r => (r.InstanceId, r.Detail)), g => Assert.Single(g));
        Assert.Equal(["A", "B"], runs.Select(r => r.Host).Distinct().Order());
        Assert.Equal(2, steps.Events.Select(e => e.Host).Distinct().Count());
        Assert.Empty(steps.Overlaps());
    }

    private Task<DurableHost> StartAsync(string hub, TestProbe probe, StepJournal steps, string name) =>
        DurableHost.StartAsync(storage.ConnectionString, hub, probe, hostName: name, configure: builder =>
        {
            builder.Logging.AddProvider(steps);
            builder.Logging.AddFilter(DurableLog.Category, LogLevel.Debug);
        });
}
