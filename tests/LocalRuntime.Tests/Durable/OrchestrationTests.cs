using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using McpOrchestrator.DurableTestApp;
using McpOrchestrator.LocalRuntime.Durable;
using McpOrchestrator.TestSupport;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace McpOrchestrator.LocalRuntime.Tests.Durable;

/// <summary>The Durable engine end to end: the test app's orchestrators and activities, run by the local runtime
/// against a real Azurite, each test in a task hub of its own.</summary>
public sealed class OrchestrationTests(AzuriteFixture storage) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Sequence_IsReplayedFromHistory_RunsEachActivityOnce_WithReplaySafeGuidAndClock()
    {
        await using var host = await StartAsync();

        var instanceId = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ScenarioOrchestrators.Sequence), 10);
        var done = await DurableWait.CompletionAsync(host.Client, instanceId);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        var result = done.ReadOutputAs<SequenceResult>()!;
        Assert.Equal(15, result.Value);
        Assert.Equal("done", done.ReadCustomStatusAs<string>());
        Assert.Equal(10, done.ReadInputAs<int>());
        var runs = host.Probe.ActivityRuns.Where(r => r.InstanceId == instanceId).ToList();
        Assert.Equal(5, runs.Count);
        Assert.Single(runs.Select(r => r.Detail).Distinct());
        Assert.StartsWith(result.Marker.ToString("N"), runs[0].Detail, StringComparison.Ordinal);
        Assert.True(host.Probe.Replays(instanceId) >= 5, $"expected a replay for each activity result, saw {host.Probe.Replays(instanceId)}");
        Assert.Equal(1, host.Probe.Completions[instanceId]);
        Assert.Equal(5, host.Logs.Lines.Count(l => l.Message.StartsWith($"Sequence {instanceId} calls AddOne", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Schedule_DefaultsToAGuidInstanceId_AndRefusesAnUnknownOrchestrator()
    {
        await using var host = await StartAsync();

        var instanceId = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ScenarioOrchestrators.WaitForever));
        var error = await Assert.ThrowsAsync<ArgumentException>(() => host.Client.ScheduleNewOrchestrationInstanceAsync("NoSuchOrchestrator"));
        var duplicate = await Assert.ThrowsAsync<InvalidOperationException>(() => host.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(ScenarioOrchestrators.WaitForever), new StartOrchestrationOptions(instanceId)));

        Assert.Matches("^[0-9a-f]{32}$", instanceId);
        Assert.Contains("doesn't exist", error.Message, StringComparison.Ordinal);
        Assert.Contains(instanceId, duplicate.Message, StringComparison.Ordinal);
        Assert.Null(await host.Client.GetInstanceAsync("no-such-instance"));
    }

    [Fact]
    public async Task Retry_ActivityFailingTwice_IsRetriedUntilItSucceeds()
    {
        await using var host = await StartAsync();

        var instanceId = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ScenarioOrchestrators.Retrying), new RetryInput(Failures: 2, MaxAttempts: 4, RetryOnlyTimeouts: false));
        var done = await DurableWait.CompletionAsync(host.Client, instanceId);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("succeeded on attempt 3", done.ReadOutputAs<string>());
        Assert.Equal(3, host.Probe.Attempts(instanceId));
    }

    [Fact]
    public async Task Retry_AttemptsExhausted_FailsWithTheLastFailure()
    {
        await using var host = await StartAsync();

        var instanceId = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ScenarioOrchestrators.Retrying), new RetryInput(Failures: 10, MaxAttempts: 3, RetryOnlyTimeouts: false));
        var done = await DurableWait.CompletionAsync(host.Client, instanceId);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal(3, host.Probe.Attempts(instanceId));
        Assert.Equal(typeof(TaskFailedException).FullName, done.FailureDetails!.ErrorType);
        Assert.Contains("transient failure 3", done.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retry_FailureTheHandlerDeclines_IsNotRetried()
    {
        await using var host = await StartAsync();

        var instanceId = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ScenarioOrchestrators.Retrying), new RetryInput(Failures: 1, MaxAttempts: 5, RetryOnlyTimeouts: true));
        var done = await DurableWait.CompletionAsync(host.Client, instanceId);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal(1, host.Probe.Attempts(instanceId));
    }

    [Fact]
    public async Task FanOut_FiftyActivities_RunConcurrently_WithinTheConfiguredBound()
    {
        await using var host = await StartAsync();

        var instanceId = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ScenarioOrchestrators.FanOut), 50);
        var done = await DurableWait.CompletionAsync(host.Client, instanceId);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(Enumerable.Range(1, 50).Sum(i => i * i), done.ReadOutputAs<int>());
        Assert.Equal(50, host.Probe.ActivityRuns.Count(r => r.InstanceId == instanceId));
        var concurrency = host.Probe.MaxConcurrency(nameof(ScenarioActivities.Square));
        Assert.InRange(concurrency, 2, 8);
    }

    [Fact]
    public async Task FanOut_MoreActivitiesThanOneTransactionHolds_DispatchesEveryOne()
    {
        await using var host = await StartAsync();

        var instanceId = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ScenarioOrchestrators.FanOut), 130);
        var done = await DurableWait.CompletionAsync(host.Client, instanceId);

        Assert.Equal(Enumerable.Range(1, 130).Sum(i => i * i), done.ReadOutputAs<int>());
        Assert.Equal(130, host.Probe.ActivityRuns.Count(r => r.InstanceId == instanceId));
    }

    [Fact]
    public async Task DurableTimer_FiresWhenTheEngineClockReachesIt()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        await using var host = await StartAsync(clock: clock);

        var instanceId = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ScenarioOrchestrators.DurableTimer));
        var waiting = await DurableWait.UntilAsync(host.Client, instanceId, m => m.ReadCustomStatusAs<string>() == "waiting");
        clock.Advance(TimeSpan.FromHours(1));
        var done = await DurableWait.CompletionAsync(host.Client, instanceId);

        Assert.Equal(OrchestrationRuntimeStatus.Running, waiting.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(TimeSpan.FromHours(1), done.ReadOutputAs<TimeSpan>());
    }

    [Fact]
    public async Task ExternalEvent_WithoutTimeout_CompletesWithItsPayload()
    {
        await using var host = await StartAsync();

        var instanceId = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ScenarioOrchestrators.Approval), new ApprovalInput(TimeoutMinutes: null));
        await DurableWait.UntilAsync(host.Client, instanceId, m => m.ReadCustomStatusAs<string>() == "waiting for approval");
        await host.Client.RaiseEventAsync(instanceId, "APPROVAL", "yes");
        var done = await DurableWait.CompletionAsync(host.Client, instanceId);

        Assert.Equal("approved: yes", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task ExternalEvent_WithTimeout_IsCancelledWhenTheDurableTimerFires()
    {
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        await using var host = await StartAsync(clock: clock);

        var instanceId = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ScenarioOrchestrators.Approval), new ApprovalInput(TimeoutMinutes: 30));
        await DurableWait.UntilAsync(host.Client, instanceId, m => m.ReadCustomStatusAs<string>() == "waiting for approval");
        clock.Advance(TimeSpan.FromMinutes(30));
        var done = await DurableWait.CompletionAsync(host.Client, instanceId);

        Assert.Equal("timed out", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task ExternalEvent_WithTimeout_ArrivingInTime_Wins()
    {
        await using var host = await StartAsync();

        var instanceId = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ScenarioOrchestrators.Approval), new ApprovalInput(TimeoutMinutes: 30));
        await DurableWait.UntilAsync(host.Client, instanceId, m => m.ReadCustomStatusAs<string>() == "waiting for approval");
        await host.Client.RaiseEventAsync(instanceId, "Approval", "in time");
        var done = await DurableWait.CompletionAsync(host.Client, instanceId);

        Assert.Equal("approved: in time", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task ExternalEvents_RaisedBeforeTheOrchestratorWaits_AreBufferedInOrder()
    {
        await using var host = await StartAsync();

        var instanceId = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ScenarioOrchestrators.EventAfterWork));
        await host.Client.RaiseEventAsync(instanceId, "Number", 1);
        await host.Client.RaiseEventAsync(instanceId, "number", 2);
        var done = await DurableWait.CompletionAsync(host.Client, instanceId);

        Assert.Equal("1+2", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Terminate_RunningInstance_EndsItWithTheOutput_ThenPurgeRemovesIt()
    {
        await using var host = await StartAsync();

        var instanceId = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ScenarioOrchestrators.WaitForever));
        await DurableWait.UntilAsync(host.Client, instanceId, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Running);
        var runningPurge = await host.Client.PurgeInstanceAsync(instanceId);
        await host.Client.TerminateInstanceAsync(instanceId, "stopped by the test");
        var done = await DurableWait.CompletionAsync(host.Client, instanceId);
        await host.Client.RaiseEventAsync(instanceId, "never", "too late");
        var purged = await host.Client.PurgeInstanceAsync(instanceId);

        Assert.Equal(0, runningPurge.PurgedInstanceCount);
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.RuntimeStatus);
        Assert.Equal("stopped by the test", done.ReadOutputAs<string>());
        Assert.Equal(1, purged.PurgedInstanceCount);
        Assert.Null(await host.Client.GetInstanceAsync(instanceId));
        Assert.Equal(0, (await host.Client.PurgeInstanceAsync(instanceId)).PurgedInstanceCount);
    }

    [Fact]
    public async Task ActivityFailure_Uncaught_FailsTheInstance_WithTaskFailureDetails()
    {
        await using var host = await StartAsync();

        var instanceId = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ScenarioOrchestrators.FailUncaught));
        var done = await DurableWait.CompletionAsync(host.Client, instanceId);
        var withoutOutputs = await host.Client.GetInstanceAsync(instanceId);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.True(done.IsCompleted);
        Assert.Equal(typeof(TaskFailedException).FullName, done.FailureDetails!.ErrorType);
        Assert.Contains("'Explode'", done.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("kaboom: the activity failed on purpose", done.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Null(withoutOutputs!.FailureDetails);
        Assert.Throws<InvalidOperationException>(() => withoutOutputs.ReadOutputAs<string>());
    }

    [Fact]
    public async Task ActivityFailure_Caught_IsATaskFailedException_WithTheActivitysFailureDetails()
    {
        await using var host = await StartAsync();

        var instanceId = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ScenarioOrchestrators.FailCaught));
        var done = await DurableWait.CompletionAsync(host.Client, instanceId);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("Explode|System.InvalidOperationException|True|caught: the activity failed on purpose", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task NonDeterministicReplay_FailsTheInstance_WithAClearError()
    {
        await using var host = await StartAsync();

        var instanceId = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ScenarioOrchestrators.Drifting));
        await DurableWait.UntilAsync(host.Client, instanceId, m => m.ReadCustomStatusAs<string>() == "waiting");
        host.Probe.Drift = true;
        await host.Client.RaiseEventAsync(instanceId, "continue", "go");
        var done = await DurableWait.CompletionAsync(host.Client, instanceId);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Equal(OrchestrationReplay.NonDeterminismErrorType, done.FailureDetails!.ErrorType);
        Assert.Contains("activity 'AddOne' as task 0", done.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("activity 'Hop'", done.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Probe.ActivityRuns, r => r.InstanceId == instanceId && r.Activity == nameof(ScenarioActivities.Hop));
    }

    [Fact]
    public async Task NonDurableAwait_FailsTheInstance_NamingTheRule()
    {
        await using var host = await StartAsync();

        var instanceId = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ScenarioOrchestrators.IllegalAwait));
        var done = await DurableWait.CompletionAsync(host.Client, instanceId);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Contains("awaiting non-durable tasks", done.FailureDetails!.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OrchestratorsAndActivities_RunThroughTheWorkerMiddleware()
    {
        var seen = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var host = await StartAsync(configure: builder => builder.Use(next => context =>
        {
            seen.Enqueue(context.FunctionDefinition.Name);
            return next(context);
        }));

        var instanceId = await host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ScenarioOrchestrators.Sequence), 0);
        await DurableWait.CompletionAsync(host.Client, instanceId);

        Assert.Equal(5, seen.Count(name => name == nameof(ScenarioActivities.AddOne)));
        Assert.True(seen.Count(name => name == nameof(ScenarioOrchestrators.Sequence)) >= 6, "one orchestrator invocation per step");
    }

    [Fact]
    public async Task HttpStarter_ReturnsTheManagementPayload_WhoseUrlsTheRuntimeServes()
    {
        await using var host = await StartAsync();

        using var start = await host.Http.PostAsJsonAsync($"/api/start/{nameof(ScenarioOrchestrators.Approval)}", new ApprovalInput(null));
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        using var payload = JsonDocument.Parse(await start.Content.ReadAsStringAsync());
        var id = payload.RootElement.GetProperty("id").GetString()!;
        var statusUri = new Uri(payload.RootElement.GetProperty("statusQueryGetUri").GetString()!);
        Assert.Equal(statusUri, start.Headers.Location);
        Assert.Equal(host.Http.BaseAddress!.Authority, statusUri.Authority);
        Assert.Equal($"/runtime/webhooks/durabletask/instances/{id}", statusUri.AbsolutePath);
        Assert.Contains("taskHub=", statusUri.Query, StringComparison.Ordinal);
        await DurableWait.UntilAsync(host.Client, id, m => m.ReadCustomStatusAs<string>() == "waiting for approval");

        using var running = await host.Http.GetAsync(statusUri);
        var eventUri = payload.RootElement.GetProperty("sendEventPostUri").GetString()!.Replace("{eventName}", "Approval", StringComparison.Ordinal);
        using var raised = await host.Http.PostAsJsonAsync(eventUri, "over http");
        await DurableWait.CompletionAsync(host.Client, id);
        using var completed = await host.Http.GetAsync(statusUri);
        using var gone = await host.Http.PostAsJsonAsync(eventUri, "late");
        using var purged = await host.Http.DeleteAsync(new Uri(payload.RootElement.GetProperty("purgeHistoryDeleteUri").GetString()!));
        using var missing = await host.Http.GetAsync(statusUri);

        Assert.True(running.StatusCode == HttpStatusCode.Accepted, await running.Content.ReadAsStringAsync());
        Assert.Equal("5", running.Headers.GetValues("Retry-After").Single());
        Assert.Equal(HttpStatusCode.Accepted, raised.StatusCode);
        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        using var status = JsonDocument.Parse(await completed.Content.ReadAsStringAsync());
        Assert.Equal("Completed", status.RootElement.GetProperty("runtimeStatus").GetString());
        Assert.Equal("approved: over http", status.RootElement.GetProperty("output").GetString());
        Assert.Equal(nameof(ScenarioOrchestrators.Approval), status.RootElement.GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Equal(HttpStatusCode.OK, purged.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task PendingInstance_ScheduledWhileNoHostRuns_IsRunWhenAHostStarts()
    {
        var hub = DurableHost.NewHubName();
        var client = ExternalClient.For(storage.ConnectionString, hub);
        var instanceId = await client.ScheduleNewOrchestrationInstanceAsync(nameof(ScenarioOrchestrators.Sequence), 1);
        Assert.Equal(OrchestrationRuntimeStatus.Pending, (await client.GetInstanceAsync(instanceId))!.RuntimeStatus);

        await using var host = await DurableHost.StartAsync(storage.ConnectionString, hub);
        var done = await DurableWait.CompletionAsync(client, instanceId);

        Assert.Equal(6, done.ReadOutputAs<SequenceResult>()!.Value);
    }

    [Fact]
    public async Task StoppedHost_LeavesTheInstanceRunning_AndTheNextHostFinishesIt()
    {
        var hub = DurableHost.NewHubName();
        string instanceId;
        await using (var first = await DurableHost.StartAsync(storage.ConnectionString, hub))
        {
            instanceId = await first.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ScenarioOrchestrators.WaitForever));
            await DurableWait.UntilAsync(first.Client, instanceId, m => m.ReadCustomStatusAs<string>() == "waiting");
        }

        await using var second = await DurableHost.StartAsync(storage.ConnectionString, hub);
        await second.Client.RaiseEventAsync(instanceId, "never", "finally");
        var done = await DurableWait.CompletionAsync(second.Client, instanceId);

        Assert.Equal("finally", done.ReadOutputAs<string>());
    }

    private Task<DurableHost> StartAsync(TimeProvider? clock = null, Action<Microsoft.Azure.Functions.Worker.Builder.FunctionsApplicationBuilder>? configure = null) =>
        DurableHost.StartAsync(storage.ConnectionString, DurableHost.NewHubName(), clock: clock, configure: configure);
}
