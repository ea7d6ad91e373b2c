using System.Globalization;
using McpOrchestrator.Core.Storage;
using McpOrchestrator.DurableTestApp;
using McpOrchestrator.TestSupport;
using Microsoft.DurableTask.Client;
using Xunit.Abstractions;

namespace McpOrchestrator.LocalRuntime.Tests.Durable;

/// <summary>The host process is killed (SIGKILL) at random points of ten-step orchestrations and started again, many
/// times; the orchestrations must all complete, with the right results, and no activity whose completion was recorded
/// may run again. Activities journal every execution in a table before doing their work.</summary>
public sealed class CrashTests(AzuriteFixture storage, ITestOutputHelper output) : IClassFixture<AzuriteFixture>
{
    private const int Trials = 24;
    private const int RunningInstances = 4;

    [Fact]
    public async Task HostKilledAtRandomPoints_EveryInstanceCompletes_AndNoRecordedActivityRunsAgain()
    {
        var hub = DurableHost.NewHubName();
        var journalTable = storage.UniqueTableName("journal");
        var environment = new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = storage.ConnectionString,
            ["AzureFunctionsJobHost__extensions__durableTask__hubName"] = hub,
            ["AzureFunctionsJobHost__extensions__durableTask__storageProvider__controlQueueVisibilityTimeout"] = "00:00:01",
            ["AzureFunctionsJobHost__extensions__durableTask__storageProvider__workItemQueueVisibilityTimeout"] = "00:00:01",
            ["AzureFunctionsJobHost__extensions__durableTask__storageProvider__maxQueuePollingInterval"] = "00:00:00.200",
            [ExecutionJournal.TableSetting] = journalTable,
        };
        var client = ExternalClient.For(storage.ConnectionString, hub);
        var journal = new TableServiceClient(StorageConnection.Parse(storage.ConnectionString)).GetTableClient(journalTable);
        await journal.CreateIfNotExistsAsync();
        var seed = Environment.TickCount;
        var random = new Random(seed);
        output.WriteLine($"seed {seed}");

        var instances = new List<string>();
        for (var trial = 1; trial <= Trials; trial++)
        {
            // Keep a few instances in flight, so that each kill lands in the middle of orchestrations.
            var unfinished = 0;
            foreach (var id in instances)
            {
                unfinished += (await client.GetInstanceAsync(id))!.IsCompleted ? 0 : 1;
            }

            for (; unfinished < RunningInstances; unfinished++)
            {
                instances.Add(await client.ScheduleNewOrchestrationInstanceAsync(nameof(CrashOrchestrator.TenSteps)));
            }

            // The kill point: once a random number of further activity executions (1 to 6) have started (or everything
            // in flight has completed), plus a random 0-150 ms, so that kills land in activities, between them, and in
            // orchestration steps and their commits.
            var before = await CountAsync(journal);
            var target = before + random.Next(1, 7);
            var app = await DurableAppProcess.StartAsync(environment);
            await PollAsync(
                async () => await CountAsync(journal) >= target || await AllCompletedAsync(client, instances),
                $"trial {trial}: {target - before} activity executions", app, () => DescribeAsync(client, instances));
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(0, 150)));
            await app.KillAsync();
            await app.DisposeAsync();
        }

        await using (await DurableAppProcess.StartAsync(environment))
        {
            foreach (var id in instances)
            {
                await DurableWait.CompletionAsync(client, id, TimeSpan.FromMinutes(2));
            }
        }

        var executions = new List<TableEntity>();
        await foreach (var row in journal.QueryAsync())
        {
            executions.Add(row);
        }

        var reruns = 0;
        foreach (var id in instances)
        {
            var done = (await client.GetInstanceAsync(id, getInputsAndOutputs: true))!;
            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
            var result = done.ReadOutputAs<CrashOutput>()!;
            Assert.Equal(Enumerable.Range(1, CrashOrchestrator.Steps).Sum(), result.Accumulated);
            Assert.Equal(Enumerable.Range(1, CrashOrchestrator.Steps), result.Steps.Select(s => s.Step));
            foreach (var step in result.Steps)
            {
                var runs = executions.Where(e => e.PartitionKey == id && e.GetInt32("Step") == step.Step).ToList();
                var recorded = Assert.Single(runs, r => r.GetGuid("ExecutionId") == step.ExecutionId);

                // Runs before the recorded one were cut off by a kill; none may start after it.
                Assert.All(runs, r => Assert.True(
                    r.GetDateTimeOffset("StartedAt") <= recorded.GetDateTimeOffset("StartedAt"),
                    $"{id} step {step.Step}: execution {r.GetGuid("ExecutionId")} started after the recorded execution {step.ExecutionId}"));
                reruns += runs.Count - 1;
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Trials} kills, {instances.Count} instances of {CrashOrchestrator.Steps} steps, {executions.Count} activity executions ({reruns} re-runs of activities cut off by a kill)"));
    }

    private static async Task<int> CountAsync(TableClient journal)
    {
        var count = 0;
        await foreach (var _ in journal.QueryAsync(select: ["RowKey"]))
        {
            count++;
        }

        return count;
    }

    private static async Task PollAsync(Func<Task<bool>> condition, string what, DurableAppProcess app, Func<Task<string>> describe)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(5), deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Waited 60 s for {what}. Instances:\n{await describe()}\nApp output:\n{app.Output}");
            }
        }
    }

    private static async Task<bool> AllCompletedAsync(DurableTaskClient client, IEnumerable<string> instances)
    {
        foreach (var id in instances)
        {
            if (!(await client.GetInstanceAsync(id))!.IsCompleted)
            {
                return false;
            }
        }

        return true;
    }

    private static async Task<string> DescribeAsync(DurableTaskClient client, IEnumerable<string> instances)
    {
        var lines = new List<string>();
        foreach (var id in instances)
        {
            var metadata = await client.GetInstanceAsync(id, getInputsAndOutputs: true);
            lines.Add($"{id}: {metadata?.RuntimeStatus} updated {metadata?.LastUpdatedAt:O}");
        }

        return string.Join('\n', lines);
    }
}
