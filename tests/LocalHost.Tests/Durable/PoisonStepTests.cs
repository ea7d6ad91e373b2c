using McpOrchestrator.LocalHost.Extensions;
using Microsoft.DurableTask.Client;

namespace McpOrchestrator.LocalHost.Tests.Durable;

/// <summary>A worker that keeps failing an orchestrator step (a failed invocation, garbage instead of an
/// OrchestratorResponse, no worker at all) fails the instance with a clear reason after a bounded number of tries: it
/// never loops.</summary>
public sealed class PoisonStepTests(DurableStorageFixture storage) : IClassFixture<DurableStorageFixture>
{
    [Fact]
    public async Task Orchestrator_InvocationAlwaysFails_InstanceFailsAfterThreeAttempts()
    {
        var worker = new InProcessWorker()
            .BrokenOrchestrator("Poison", () => InProcessWorker.Failure("System.InvalidOperationException", "middleware blew up"));
        await using var bridge = await DurableBridge.StartAsync(storage.ConnectionString, storage.UniqueHubName(), worker);

        var done = await bridge.CompletionAsync(await bridge.Client.ScheduleNewOrchestrationInstanceAsync("Poison"));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.True(done.FailureDetails is not null, "output: " + done.SerializedOutput);
        Assert.Contains("failed the same step 3 times", done.FailureDetails?.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("middleware blew up", done.FailureDetails?.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(3, worker.InvocationsOf("Poison"));
    }

    [Fact]
    public async Task Orchestrator_AnswersGarbage_InstanceFailsNamingTheBadAnswer()
    {
        var worker = new InProcessWorker()
            .BrokenOrchestrator("Garbage", () => InProcessWorker.Success(new InvocationValue.Text("this is not base64 protobuf!")));
        await using var bridge = await DurableBridge.StartAsync(storage.ConnectionString, storage.UniqueHubName(), worker);

        var done = await bridge.CompletionAsync(await bridge.Client.ScheduleNewOrchestrationInstanceAsync("Garbage"));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Contains("not a base64 OrchestratorResponse", done.FailureDetails?.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(3, worker.InvocationsOf("Garbage"));
    }

    [Fact]
    public async Task Orchestrator_AnswersNothing_InstanceFails()
    {
        var worker = new InProcessWorker()
            .BrokenOrchestrator("Silent", () => InProcessWorker.Success(null));
        await using var bridge = await DurableBridge.StartAsync(storage.ConnectionString, storage.UniqueHubName(), worker);

        var done = await bridge.CompletionAsync(await bridge.Client.ScheduleNewOrchestrationInstanceAsync("Silent"));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Contains("returned no OrchestratorResponse", done.FailureDetails?.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Orchestrator_WorkerNeverAvailable_StepIsAbandonedThenTheInstanceFails()
    {
        var worker = new InProcessWorker()
            .Orchestrator<object, string>("Fine", (_, _) => Task.FromResult<string?>("ok"));
        worker.Unavailable = true;
        await using var bridge = await DurableBridge.StartAsync(storage.ConnectionString, storage.UniqueHubName(), worker);

        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var done = await bridge.Client.WaitForInstanceCompletionAsync(
            await bridge.Client.ScheduleNewOrchestrationInstanceAsync("Fine"), getInputsAndOutputs: true, deadline.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Contains("no worker was available for the same step 5 times", done.FailureDetails?.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(5, worker.InvocationsOf("Fine"));
    }

    [Fact]
    public async Task Orchestrator_WorkerBackAfterARestart_StepIsRetriedAndCompletes()
    {
        var worker = new InProcessWorker()
            .Orchestrator<object, string>("Fine", (_, _) => Task.FromResult<string?>("ok"));
        worker.Unavailable = true;
        await using var bridge = await DurableBridge.StartAsync(storage.ConnectionString, storage.UniqueHubName(), worker);

        var id = await bridge.Client.ScheduleNewOrchestrationInstanceAsync("Fine");
        await bridge.Logs.WaitForAsync(l => l.Message.Contains("abandoned, to be retried", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        worker.Unavailable = false;
        var done = await bridge.CompletionAsync(id);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("ok", DurableBridge.Output<string>(done));
    }

    [Fact]
    public async Task Orchestrator_UnknownName_FailsAtOnceWithoutInvokingTheWorker()
    {
        var worker = new InProcessWorker()
            .Orchestrator<object, string>("Known", (_, _) => Task.FromResult<string?>("ok"));
        await using var bridge = await DurableBridge.StartAsync(storage.ConnectionString, storage.UniqueHubName(), worker);

        var done = await bridge.CompletionAsync(await bridge.Client.ScheduleNewOrchestrationInstanceAsync("Unknown"));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.Contains("'Unknown' doesn't exist", done.FailureDetails?.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(0, worker.InvocationsOf("Unknown"));
    }

    [Fact]
    public async Task Activity_UnknownName_BecomesTaskFailed()
    {
        var worker = new InProcessWorker()
            .Orchestrator<object, string>("CallsMissing", async (context, _) => await context.CallActivityAsync<string>("Missing"));
        await using var bridge = await DurableBridge.StartAsync(storage.ConnectionString, storage.UniqueHubName(), worker);

        var done = await bridge.CompletionAsync(await bridge.Client.ScheduleNewOrchestrationInstanceAsync("CallsMissing"));

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.True(done.FailureDetails is not null, "output: " + done.SerializedOutput);
        Assert.Contains("'Missing' doesn't exist", done.FailureDetails?.ToString(), StringComparison.Ordinal);
    }
}
