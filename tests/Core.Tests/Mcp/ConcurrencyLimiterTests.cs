using McpOrchestrator.Core.Mcp;
using Polly;

namespace McpOrchestrator.Core.Tests.Mcp;

public sealed class ConcurrencyLimiterTests
{
    [Fact]
    public async Task Execute_BeyondPermitsAndQueue_RefusesAtOnce_QueuedRunWhenASlotFrees()
    {
        var pipeline = new ResiliencePipelineBuilder().AddConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 2, QueueLimit = 1 }).Build();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = 0;
        var maxRunning = 0;

        async ValueTask<int> Work(CancellationToken token)
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref maxRunning, now);
            await release.Task.WaitAsync(token);
            Interlocked.Decrement(ref running);
            return now;
        }

        var first = pipeline.ExecuteAsync(Work).AsTask();
        var second = pipeline.ExecuteAsync(Work).AsTask();
        var queued = pipeline.ExecuteAsync(Work).AsTask();
        await Assert.ThrowsAsync<ConcurrencyLimitRejectedException>(() => pipeline.ExecuteAsync(Work).AsTask());

        Assert.False(queued.IsCompleted);
        release.SetResult();
        await Task.WhenAll(first, second, queued).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, maxRunning);
    }

    [Fact]
    public async Task Execute_QueuedCallerCancels_LeavesTheQueue()
    {
        var pipeline = new ResiliencePipelineBuilder().AddConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 1 }).Build();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cancel = new CancellationTokenSource();

        var holder = pipeline.ExecuteAsync(async token => await release.Task.WaitAsync(token)).AsTask();
        var waiting = pipeline.ExecuteAsync(_ => ValueTask.CompletedTask, cancel.Token).AsTask();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        var next = pipeline.ExecuteAsync(async token => await release.Task.WaitAsync(token)).AsTask();
        release.SetResult();
        await Task.WhenAll(holder, next).WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
