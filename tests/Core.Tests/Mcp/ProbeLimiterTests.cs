using McpOrchestrator.Core.Mcp;
using McpOrchestrator.Core.Problems;
using McpOrchestrator.Core.Validation;
using Microsoft.Extensions.Options;

namespace McpOrchestrator.Core.Tests.Mcp;

/// <summary>The instance-wide bound on probes and health checks: slots, a bounded queue for callers, 429 beyond it,
/// and background work that waits instead. The slow server is the FaultyMcpServer hanging on start.</summary>
public sealed class ProbeLimiterTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Enter_BeyondSlotsAndQueue_Is429TooManyProbes_WithRetryAfter_AndTheQueueIsServedInOrder()
    {
        var limiter = Limiter(slots: 2, queue: 1);
        using var first = await limiter.EnterAsync(CancellationToken.None);
        var second = await limiter.EnterAsync(CancellationToken.None);
        var queued = limiter.EnterAsync(CancellationToken.None);

        var refused = await Assert.ThrowsAsync<ProblemException>(() => limiter.EnterAsync(CancellationToken.None));

        Assert.Equal((429, "too_many_probes"), (refused.Problem.Status, refused.Problem.Code));
        Assert.Equal("5", refused.Problem.Headers["Retry-After"]);
        Assert.Contains("McpOrchestrator__Mcp__MaxConcurrentProbes", refused.Problem.Detail, StringComparison.Ordinal);
        Assert.False(queued.IsCompleted);
        var background = limiter.EnterWaitingAsync(CancellationToken.None);
        await limiter.WhenAsync(running: 2, waiting: 2).WaitAsync(Deadline);
        second.Dispose();
        using var third = await queued.WaitAsync(Deadline);
        Assert.False(background.IsCompleted);
        third.Dispose();
        (await background.WaitAsync(Deadline)).Dispose();
        await limiter.WhenAsync(running: 1, waiting: 0).WaitAsync(Deadline);
    }

    [Fact]
    public async Task Enter_CancelledWhileQueued_LeavesTheQueue_AndTakesNoSlot()
    {
        var limiter = Limiter(slots: 1, queue: 1);
        var held = await limiter.EnterAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var queued = limiter.EnterAsync(cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queued.WaitAsync(Deadline));
        Assert.Equal((1, 0), (limiter.Running, limiter.Waiting));
        held.Dispose();
        Assert.Equal(0, limiter.Running);
    }

    [Fact]
    public async Task Probe_WhileSlowServersFillTheLimiter_Is429_AndValidationIsRefusedWhole()
    {
        await using var host = McpTestHost.Create(new Dictionary<string, string?>
        {
            ["McpOrchestrator:Mcp:MaxConcurrentProbes"] = "1",
            ["McpOrchestrator:Mcp:MaxQueuedProbes"] = "1",
        });
        var limiter = (ProbeLimiter)host.Services.GetService(typeof(ProbeLimiter))!;
        var marker = TestServers.NewMarker();
        var slow = TestServers.FaultyStdio(marker, ["--hang-on-start", "--max-lifetime-s", "120"], name: "slow");
        using var stop = new CancellationTokenSource();
        var running = host.Probe.ProbeAsync(slow, TimeSpan.FromMinutes(5), stop.Token);
        await limiter.WhenAsync(running: 1, waiting: 0).WaitAsync(Deadline);
        var waiting = host.Probe.ProbeAsync(slow, TimeSpan.FromMinutes(5), stop.Token);
        await limiter.WhenAsync(running: 1, waiting: 1).WaitAsync(Deadline);

        var refused = await Assert.ThrowsAsync<ProblemException>(() => host.Probe.ProbeAsync(slow, TimeSpan.FromMinutes(5), CancellationToken.None));
        IServerProbe seam = host.Probe;
        var viaSeam = await Assert.ThrowsAsync<ProblemException>(() => seam.ProbeAsync(slow, CancellationToken.None));

        Assert.Equal((429, "too_many_probes"), (refused.Problem.Status, refused.Problem.Code));
        Assert.Equal("too_many_probes", viaSeam.Problem.Code);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running.WaitAsync(Deadline));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Deadline));
        await limiter.WhenAsync(running: 0, waiting: 0).WaitAsync(Deadline);
    }

    private static ProbeLimiter Limiter(int slots, int queue) =>
        new(Options.Create(new McpOptions { MaxConcurrentProbes = slots, MaxQueuedProbes = queue }));
}
