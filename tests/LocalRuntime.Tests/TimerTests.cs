using McpOrchestrator.LocalRuntime.Timers;
using McpOrchestrator.TestSupport;
using Microsoft.Azure.Functions.Worker;

namespace McpOrchestrator.LocalRuntime.Tests;

public sealed class TimerTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 1, TimeSpan.Zero);

    [Fact]
    public async Task TimerFunction_FiresOnItsSchedule_WithScheduleStatus()
    {
        var clock = new ManualTimeProvider(Start);
        await using var runtime = await RuntimeHost.StartAsync(clock: clock);
        await clock.WaitForWaitersAsync();

        clock.Advance(TimeSpan.FromSeconds(3));
        Assert.False(runtime.Signals.Ticks.Reader.TryRead(out _));
        clock.Advance(TimeSpan.FromSeconds(1));

        var tick = await ReadTickAsync(runtime);
        Assert.False(tick.IsPastDue);
        Assert.Equal(new DateTime(2026, 1, 1, 0, 0, 10, DateTimeKind.Unspecified), tick.ScheduleStatus!.Next);
        Assert.Equal(Start.AddSeconds(4).UtcDateTime, tick.ScheduleStatus.LastUpdated);
        await runtime.Logs.WaitForAsync(l => l.Message.StartsWith("Executed 'Functions.Tick' (Succeeded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TimerWakingAfterMissedOccurrences_IsPastDue_AndSkipsThem()
    {
        var clock = new ManualTimeProvider(Start);
        await using var runtime = await RuntimeHost.StartAsync(clock: clock);
        await clock.WaitForWaitersAsync();
        clock.Advance(TimeSpan.FromSeconds(4));
        var first = await ReadTickAsync(runtime);
        Assert.False(first.IsPastDue);
        await clock.WaitForWaitersAsync();

        clock.Advance(TimeSpan.FromSeconds(17));

        var late = await ReadTickAsync(runtime);
        Assert.True(late.IsPastDue);
        Assert.Equal(new DateTime(2026, 1, 1, 0, 0, 25, DateTimeKind.Unspecified), late.ScheduleStatus!.Next);
        await clock.WaitForWaitersAsync();
        Assert.False(runtime.Signals.Ticks.Reader.TryRead(out _));
    }

    [Theory]
    [InlineData("*/30 * * * * *", "2026-01-01T00:00:29", "2026-01-01T00:00:30")]
    [InlineData("*/30 * * * * *", "2026-01-01T00:00:30", "2026-01-01T00:01:00")]
    [InlineData("0 */5 * * * *", "2026-01-01T00:03:00", "2026-01-01T00:05:00")]
    [InlineData("0 0 2 * * *", "2026-01-01T03:00:00", "2026-01-02T02:00:00")]
    [InlineData("*/15 * * * *", "2026-01-01T00:01:00", "2026-01-01T00:15:00")]
    public void Schedule_NextAfter_FollowsNcrontab(string expression, string after, string expected)
    {
        var schedule = TimerSchedule.Parse(expression);

        Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), schedule.NextAfter(DateTime.Parse(after, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("every 30 seconds")]
    [InlineData("* * * * * * *")]
    [InlineData("61 * * * * *")]
    public void Schedule_Invalid_SaysHowToWriteOne(string expression)
    {
        var error = Assert.Throws<InvalidOperationException>(() => TimerSchedule.Parse(expression));

        Assert.Contains("6 fields", error.Message, StringComparison.Ordinal);
    }

    private static async Task<TimerInfo> ReadTickAsync(RuntimeHost runtime) =>
        await runtime.Signals.Ticks.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));
}
