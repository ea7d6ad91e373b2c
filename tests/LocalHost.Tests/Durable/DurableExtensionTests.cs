using System.Collections.Concurrent;
using McpOrchestrator.TestSupport;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace McpOrchestrator.LocalHost.Tests.Durable;

/// <summary>The Durable bridge on the real engine (DurableTask.Core + Azure Storage on Azurite) with Microsoft's
/// worker-side orchestration runner and a real gRPC DurableTaskClient: the behaviours apps rely on.</summary>
public sealed class DurableExtensionTests(DurableStorageFixture storage) : IClassFixture<DurableStorageFixture>
{
    [Fact]
    public async Task FanOut_FiveActivities_CompletesWithTheirSum()
    {
        var worker = new InProcessWorker()
            .Orchestrator<int, int>("FanOut", async (context, count) =>
            {
                var squares = await Task.WhenAll(Enumerable.Range(1, count).Select(i => context.CallActivityAsync<int>("Square", i)));
                return squares.Sum();
            })
            .Activity<int, int>("Square", (n, _) => Task.FromResult(n * n));
        await using var bridge = await DurableBridge.StartAsync(storage.ConnectionString, storage.UniqueHubName(), worker);

        var id = await bridge.Client.ScheduleNewOrchestrationInstanceAsync("FanOut", 5);
        var done = await bridge.CompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(1 + 4 + 9 + 16 + 25, DurableBridge.Output<int>(done));
        Assert.Equal(5, worker.InvocationsOf("Square"));
    }

    [Fact]
    public async Task GetInstance_WithInputsAndOutputs_ReturnsInputOutputAndCustomStatus()
    {
        var worker = new InProcessWorker()
            .Orchestrator<string, string>("Echo", async (context, text) =>
            {
                context.SetCustomStatus(new { step = "echoing" });
                return await context.CallActivityAsync<string>("Upper", text);
            })
            .Activity<string, string>("Upper", (text, _) => Task.FromResult(text?.ToUpperInvariant()));
        await using var bridge = await DurableBridge.StartAsync(storage.ConnectionString, storage.UniqueHubName(), worker);

        var id = await bridge.Client.ScheduleNewOrchestrationInstanceAsync("Echo", "hello", new StartOrchestrationOptions("echo-1"));
        await bridge.CompletionAsync(id);
        var metadata = await bridge.Client.GetInstanceAsync(id, getInputsAndOutputs: true);

        Assert.NotNull(metadata);
        Assert.Equal("echo-1", metadata.InstanceId);
        Assert.Equal("Echo", metadata.Name);
        Assert.Equal("\"hello\"", metadata.SerializedInput);
        Assert.Equal("\"HELLO\"", metadata.SerializedOutput);
        Assert.Contains("echoing", metadata.SerializedCustomStatus, StringComparison.Ordinal);
        Assert.Null(await bridge.Client.GetInstanceAsync("no-such-instance"));
    }

    [Fact]
    public async Task StartInstance_RunningIdAgain_ThrowsAlreadyExists()
    {
        var worker = new InProcessWorker()
            .Orchestrator<object, string>("WaitForever", async (context, _) => await context.WaitForExternalEvent<string>("never"));
        await using var bridge = await DurableBridge.StartAsync(storage.ConnectionString, storage.UniqueHubName(), worker);

        var id = await bridge.Client.ScheduleNewOrchestrationInstanceAsync("WaitForever", new StartOrchestrationOptions("dup-1"));
        await bridge.Client.WaitForInstanceStartAsync(id);

        await Assert.ThrowsAnyAsync<Exception>(() => bridge.Client.ScheduleNewOrchestrationInstanceAsync("WaitForever", new StartOrchestrationOptions("dup-1")));
    }

    [Fact]
    public async Task RaiseEvent_RightAfterStart_IsNotLost()
    {
        var worker = new InProcessWorker()
            .Orchestrator<object, string>("Approval", async (context, _) => "approved by " + await context.WaitForExternalEvent<string>("Approval"));
        await using var bridge = await DurableBridge.StartAsync(storage.ConnectionString, storage.UniqueHubName(), worker);

        // Raised at once, in a row, before the engine has had any chance to write the instance.
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var id = await bridge.Client.ScheduleNewOrchestrationInstanceAsync("Approval");
            await bridge.Client.RaiseEventAsync(id, "Approval", $"alice{i}");
            ids.Add(id);
        }

        for (var i = 0; i < ids.Count; i++)
        {
            var done = await bridge.CompletionAsync(ids[i]);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
            Assert.Equal($"approved by alice{i}", DurableBridge.Output<string>(done));
        }
    }

    [Fact]
    public async Task RaiseEvent_UnknownInstance_Throws()
    {
        var worker = new InProcessWorker()
            .Orchestrator<object, string>("Noop", (_, _) => Task.FromResult<string?>("x"));
        await using var bridge = await DurableBridge.StartAsync(storage.ConnectionString, storage.UniqueHubName(), worker);

        await Assert.ThrowsAnyAsync<Exception>(() => bridge.Client.RaiseEventAsync("nobody-" + Guid.NewGuid().ToString("N"), "Approval", "x"));
    }

    [Fact]
    public async Task Terminate_LongRunningInstance_EndsTerminatedWithOutput()
    {
        var worker = new InProcessWorker()
            .Orchestrator<object, string>("Long", async (context, _) =>
            {
                await context.CreateTimer(TimeSpan.FromHours(1), CancellationToken.None);
                return "unreachable";
            });
        await using var bridge = await DurableBridge.StartAsync(storage.ConnectionString, storage.UniqueHubName(), worker);

        var id = await bridge.Client.ScheduleNewOrchestrationInstanceAsync("Long");
        await bridge.Client.WaitForInstanceStartAsync(id);
        await bridge.Client.TerminateInstanceAsync(id, "stopped by test");
        var done = await bridge.CompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.RuntimeStatus);
        Assert.Equal("stopped by test", DurableBridge.Output<string>(done));
    }

    [Fact]
    public async Task Purge_FinishedInstance_IsGoneAndFilterPurgesTheRest()
    {
        var worker = new InProcessWorker()
            .Orchestrator<int, int>("Double", (_, n) => Task.FromResult(n * 2));
        await using var bridge = await DurableBridge.StartAsync(storage.ConnectionString, storage.UniqueHubName(), worker);

        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await bridge.Client.ScheduleNewOrchestrationInstanceAsync("Double", i));
        }

        foreach (var id in ids)
        {
            await bridge.CompletionAsync(id);
        }

        var one = await bridge.Client.PurgeInstanceAsync(ids[0]);
        Assert.Equal(1, one.PurgedInstanceCount);
        Assert.Null(await bridge.Client.GetInstanceAsync(ids[0]));

        var rest = await bridge.Client.PurgeAllInstancesAsync(new PurgeInstancesFilter(
            CreatedFrom: DateTimeOffset.UtcNow.AddHours(-1), Statuses: [OrchestrationRuntimeStatus.Completed]));
        Assert.Equal(2, rest.PurgedInstanceCount);
        Assert.Null(await bridge.Client.GetInstanceAsync(ids[1]));
        Assert.Null(await bridge.Client.GetInstanceAsync(ids[2]));
    }

    [Fact]
    public async Task QueryInstances_SmallPages_ReturnsEveryInstanceThroughContinuation()
    {
        var worker = new InProcessWorker()
            .Orchestrator<int, int>("Double", (_, n) => Task.FromResult(n * 2));
        await using var bridge = await DurableBridge.StartAsync(storage.ConnectionString, storage.UniqueHubName(), worker);
        var ids = new HashSet<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await bridge.Client.ScheduleNewOrchestrationInstanceAsync("Double", i));
        }

        foreach (var id in ids)
        {
            await bridge.CompletionAsync(id);
        }

        var seen = new HashSet<string>();
        var pages = 0;
        await foreach (var page in bridge.Client.GetAllInstancesAsync(new OrchestrationQuery(PageSize: 2, FetchInputsAndOutputs: true)).AsPages())
        {
            pages++;
            Assert.True(pages <= 10, "the query kept paging past every instance");
            foreach (var instance in page.Values)
            {
                seen.Add(instance.InstanceId);
            }
        }

        Assert.Equal(ids, seen);
        Assert.True(pages >= 3, $"5 instances in pages of 2 came in {pages} page(s)");
    }

    [Fact]
    public async Task SuspendAndResume_WaitingInstance_StatusFollowsAndEventCompletesIt()
    {
        var worker = new InProcessWorker()
            .Orchestrator<object, string>("Gate", async (context, _) => await context.WaitForExternalEvent<string>("go"));
        await using var bridge = await DurableBridge.StartAsync(storage.ConnectionString, storage.UniqueHubName(), worker);

        var id = await bridge.Client.ScheduleNewOrchestrationInstanceAsync("Gate");
        await bridge.Client.WaitForInstanceStartAsync(id);
        await bridge.Client.SuspendInstanceAsync(id, "pause");
        await WaitForStatusAsync(bridge, id, OrchestrationRuntimeStatus.Suspended);
        await bridge.Client.ResumeInstanceAsync(id, "go on");
        await WaitForStatusAsync(bridge, id, OrchestrationRuntimeStatus.Running);
        await bridge.Client.RaiseEventAsync(id, "go", "done");

        var done = await bridge.CompletionAsync(id);
        Assert.Equal("done", DurableBridge.Output<string>(done));
    }

    [Fact]
    public async Task Timer_DeliveredEarlyByTheQueue_NeverFiresBeforeItsFireAt()
    {
        var firedAt = new ConcurrentBag<(DateTime FireAt, DateTime Clock, DateTime Wall)>();
        var worker = new InProcessWorker()
            .Orchestrator<int, bool>("Timers", async (context, offsetMs) =>
            {
                // A due time inside a second, so that a delivery cut to whole seconds would come early.
                var fireAt = context.CurrentUtcDateTime.AddMilliseconds(1000 + offsetMs);
                await context.CreateTimer(fireAt, CancellationToken.None);
                var wall = await context.CallActivityAsync<DateTime>("Now");
                firedAt.Add((fireAt, context.CurrentUtcDateTime, wall));
                return context.CurrentUtcDateTime >= fireAt;
            })
            .Activity<object, DateTime>("Now", (_, _) => Task.FromResult(DateTime.UtcNow));
        await using var bridge = await DurableBridge.StartAsync(storage.ConnectionString, storage.UniqueHubName(), worker);

        var ids = new List<string>();
        foreach (var offset in new[] { 100, 350, 600, 850, 990 })
        {
            ids.Add(await bridge.Client.ScheduleNewOrchestrationInstanceAsync("Timers", offset));
        }

        foreach (var id in ids)
        {
            var done = await bridge.CompletionAsync(id);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
            Assert.True(DurableBridge.Output<bool>(done), $"instance {id}: CurrentUtcDateTime after the timer was before its FireAt");
        }

        Assert.All(firedAt, f => Assert.True(f.Wall >= f.FireAt, $"the step after a timer due {f.FireAt:O} ran at {f.Wall:O}"));
    }

    [Fact]
    public async Task ActivityFailure_WithRetryPolicy_SucceedsOnTheThirdAttempt()
    {
        var attempts = 0;
        var worker = new InProcessWorker()
            .Orchestrator<object, string>("Retrying", async (context, _) => await context.CallActivityAsync<string>(
                "Flaky", null, TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromMilliseconds(100)))))
            .Activity<object, string>("Flaky", (_, _) => Interlocked.Increment(ref attempts) < 3
                ? throw new TimeoutException("not yet")
                : Task.FromResult<string?>("third time lucky"));
        await using var bridge = await DurableBridge.StartAsync(storage.ConnectionString, storage.UniqueHubName(), worker);

        var done = await bridge.CompletionAsync(await bridge.Client.ScheduleNewOrchestrationInstanceAsync("Retrying"));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("third time lucky", DurableBridge.Output<string>(done));
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task ActivityFailure_Uncaught_FailsTheInstanceWithTheActivitysFailureDetails()
    {
        var worker = new InProcessWorker()
            .Orchestrator<object, string>("Caller", async (context, _) =>
            {
                try
                {
                    await context.CallActivityAsync("Explode", "kaboom");
                    return "unreachable";
                }
                catch (TaskFailedException e) when (e.FailureDetails.IsCausedBy<InvalidOperationException>())
                {
                    throw new InvalidOperationException($"caught {e.FailureDetails.ErrorType}: {e.FailureDetails.ErrorMessage}");
                }
            })
            .Activity<string, string>("Explode", (text, _) => throw new InvalidOperationException(text));
        await using var bridge = await DurableBridge.StartAsync(storage.ConnectionString, storage.UniqueHubName(), worker);

        var done = await bridge.CompletionAsync(await bridge.Client.ScheduleNewOrchestrationInstanceAsync("Caller"));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.NotNull(done.FailureDetails);
        Assert.Equal("caught System.InvalidOperationException: kaboom", done.FailureDetails.ErrorMessage);
    }

    [Fact]
    public async Task ContinueAsNew_CountsToThree_CompletesWithTheLastInput()
    {
        var worker = new InProcessWorker()
            .Orchestrator<int, int>("Counter", (context, n) =>
            {
                if (n < 3)
                {
                    context.ContinueAsNew(n + 1);
                }

                return Task.FromResult(n);
            });
        await using var bridge = await DurableBridge.StartAsync(storage.ConnectionString, storage.UniqueHubName(), worker);

        var done = await bridge.CompletionAsync(await bridge.Client.ScheduleNewOrchestrationInstanceAsync("Counter", 0));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(3, DurableBridge.Output<int>(done));
    }

    [Fact]
    public async Task SubOrchestration_ChildResult_ReachesTheParent()
    {
        var worker = new InProcessWorker()
            .Orchestrator<int, int>("Parent", async (context, n) => 1 + await context.CallSubOrchestratorAsync<int>("Child", n))
            .Orchestrator<int, int>("Child", async (context, n) => await context.CallActivityAsync<int>("Square", n))
            .Activity<int, int>("Square", (n, _) => Task.FromResult(n * n));
        await using var bridge = await DurableBridge.StartAsync(storage.ConnectionString, storage.UniqueHubName(), worker);

        var done = await bridge.CompletionAsync(await bridge.Client.ScheduleNewOrchestrationInstanceAsync("Parent", 7));

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(50, DurableBridge.Output<int>(done));
    }

    [Fact]
    public async Task StopAsync_MidActivity_AnotherHostOnTheSameHubFinishesTheInstance()
    {
        var hub = storage.UniqueHubName();
        var firstStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = new InProcessWorker()
            .Orchestrator<object, string>("Handover", async (context, _) => await context.CallActivityAsync<string>("Work"))
            .Activity<object, string>("Work", async (_, cancellationToken) =>
            {
                firstStarted.TrySetResult();
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
                return "first";
            });
        var bridge = await DurableBridge.StartAsync(storage.ConnectionString, hub, first);
        string id;
        try
        {
            id = await bridge.Client.ScheduleNewOrchestrationInstanceAsync("Handover");
            await firstStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            await bridge.DisposeAsync();
        }

        var second = new InProcessWorker()
            .Orchestrator<object, string>("Handover", async (context, _) => await context.CallActivityAsync<string>("Work"))
            .Activity<object, string>("Work", (_, _) => Task.FromResult<string?>("second"));
        await using var next = await DurableBridge.StartAsync(storage.ConnectionString, hub, second);
        var done = await next.CompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("second", DurableBridge.Output<string>(done));
    }

    [Fact]
    public async Task StopAsync_StorageUnreachable_GivesUpReleasingThePartitionsAndWarns()
    {
        // Azurite of its own: this test stops it under a running task hub.
        await using var azurite = await AzuriteProcess.StartWithBlobsAndQueuesAsync();
        var hub = storage.UniqueHubName();
        var worker = new InProcessWorker()
            .Orchestrator<int, int>("Double", (_, n) => Task.FromResult(n * 2));
        var bridge = await DurableBridge.StartAsync(DurableBridge.Context(azurite.ConnectionString, hub), worker, stopLimit: TimeSpan.FromSeconds(2));
        var done = await bridge.CompletionAsync(await bridge.Client.ScheduleNewOrchestrationInstanceAsync("Double", 21));
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);

        await azurite.StopAsync();

        // The waits are hang guards only: the engine, left to itself, retries the partition table forever.
        await bridge.Extension.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        var warning = Assert.Single(bridge.Logs.Lines, l => l.Category == "Host.Durable" && l.Level == LogLevel.Warning);
        Assert.Contains($"'{hub}'", warning.Message, StringComparison.Ordinal);
        Assert.Contains("leases expire", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(bridge.Logs.Lines, l => l.Category == "Host.Durable" && l.Message.EndsWith("stopped", StringComparison.Ordinal));

        await bridge.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(60));
    }

    private static async Task WaitForStatusAsync(DurableBridge bridge, string id, OrchestrationRuntimeStatus status)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var metadata = await bridge.Client.GetInstanceAsync(id, cancellation: deadline.Token);
            if (metadata?.RuntimeStatus == status)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
        }
    }
}
