using System.Text.Json;
using McpOrchestrator.LocalHost.Extensions;
using McpOrchestrator.LocalHost.Timers;
using McpOrchestrator.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using NCrontab;

namespace McpOrchestrator.LocalHost.Tests.Timers;

public sealed class TimerSchedulerTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 2, 10, 0, 0, 500, TimeSpan.Zero);

    [Fact]
    public async Task Occurrence_OnTime_InvokesWithScheduleStatusAndNotPastDue()
    {
        var time = new ManualTimeProvider(Start);
        var worker = new RecordingWorker();
        using var scheduler = new TimerScheduler(worker, time, NullLogger.Instance);
        scheduler.Start([Timer("*/10 * * * * *")]);

        await time.WaitForWaitersAsync();
        time.Advance(TimeSpan.FromSeconds(9.5));
        var first = await worker.NextAsync();

        Assert.Equal("Tick", first.Function);
        Assert.False(first.Info.GetProperty("IsPastDue").GetBoolean());
        var status = first.Info.GetProperty("ScheduleStatus");
        Assert.Equal(new DateTime(2026, 12, 2, 10, 0, 20, DateTimeKind.Utc), status.GetProperty("Next").GetDateTime().ToUniversalTime());
        Assert.Equal(Start.UtcDateTime.AddSeconds(9.5), status.GetProperty("LastUpdated").GetDateTime().ToUniversalTime());

        worker.Release();
        await time.WaitForWaitersAsync();
        time.Advance(TimeSpan.FromSeconds(10));
        var second = await worker.NextAsync();
        Assert.Equal(new DateTime(2026, 12, 2, 10, 0, 10, DateTimeKind.Utc), second.Info.GetProperty("ScheduleStatus").GetProperty("Last").GetDateTime().ToUniversalTime());
        Assert.False(second.Info.GetProperty("IsPastDue").GetBoolean());
    }

    [Fact]
    public async Task Occurrence_WokeAfterALaterOneHadPassed_InvokesOnceAsPastDue()
    {
        var time = new ManualTimeProvider(Start);
        var worker = new RecordingWorker();
        using var scheduler = new TimerScheduler(worker, time, NullLogger.Instance);
        scheduler.Start([Timer("*/10 * * * * *")]);

        await time.WaitForWaitersAsync();
        time.Advance(TimeSpan.FromSeconds(35));
        var late = await worker.NextAsync();

        Assert.True(late.Info.GetProperty("IsPastDue").GetBoolean());
        Assert.Equal(new DateTime(2026, 12, 2, 10, 0, 40, DateTimeKind.Utc), late.Info.GetProperty("ScheduleStatus").GetProperty("Next").GetDateTime().ToUniversalTime());
        worker.Release();
        await time.WaitForWaitersAsync();
        Assert.Equal(1, worker.Count);
    }

    [Fact]
    public async Task Invocation_StillRunningAtTheNextOccurrence_IsNotOverlapped()
    {
        var time = new ManualTimeProvider(Start);
        var worker = new RecordingWorker();
        using var scheduler = new TimerScheduler(worker, time, NullLogger.Instance);
        scheduler.Start([Timer("*/10 * * * * *")]);

        await time.WaitForWaitersAsync();
        time.Advance(TimeSpan.FromSeconds(9.5));
        await worker.NextAsync();
        time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(1, worker.Count);
        worker.Release();
        await time.WaitForWaitersAsync();
        Assert.Equal(1, worker.Count);
    }

    [Fact]
    public async Task RunOnStartup_Set_InvokesBeforeTheFirstOccurrence()
    {
        var time = new ManualTimeProvider(Start);
        var worker = new RecordingWorker();
        using var scheduler = new TimerScheduler(worker, time, NullLogger.Instance);
        scheduler.Start([Timer("0 0 0 1 1 *", runOnStartup: true)]);

        var first = await worker.NextAsync();

        Assert.False(first.Info.GetProperty("IsPastDue").GetBoolean());
        Assert.Equal(new DateTime(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc), first.Info.GetProperty("ScheduleStatus").GetProperty("Next").GetDateTime().ToUniversalTime());
    }

    private static TimerFunction Timer(string expression, bool runOnStartup = false) =>
        new("Tick", "timer", CrontabSchedule.Parse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true }), expression, runOnStartup);

    /// <summary>A worker whose invocations the test observes one by one and releases by hand.</summary>
    private sealed class RecordingWorker : IWorkerFunctions
    {
        private readonly System.Threading.Channels.Channel<(string Function, JsonElement Info)> _calls = System.Threading.Channels.Channel.CreateUnbounded<(string, JsonElement)>();
        private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _count;

        public IReadOnlyList<LoadedFunction> Functions => [];

        public int Count => Volatile.Read(ref _count);

        public async Task<(string Function, JsonElement Info)> NextAsync() => await _calls.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        public void Release()
        {
            var release = _release;
            _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            release.TrySetResult();
        }

        public async Task<InvocationOutcome> InvokeAsync(string functionName, IReadOnlyList<InvocationInput> inputs, IReadOnlyDictionary<string, InvocationValue> triggerMetadata, string reason, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            var json = Assert.IsType<InvocationValue.Json>(Assert.Single(inputs, i => i.Name == "timer").Value);
            var release = _release.Task;
            _calls.Writer.TryWrite((functionName, JsonDocument.Parse(json.Value).RootElement));
            await release.WaitAsync(cancellationToken);
            return new InvocationOutcome(true, null, new Dictionary<string, InvocationValue>(), null);
        }
    }
}
