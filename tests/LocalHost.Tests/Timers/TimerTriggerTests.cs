using System.Text.Json;

namespace McpOrchestrator.LocalHost.Tests.Timers;

public sealed class TimerTriggerTests
{
    [Fact]
    public async Task Schedule_EverySecond_TheWorkersTimerFunctionRunsWithItsScheduleStatus()
    {
        await using var host = await LocalHostRun.StartAsync(new Dictionary<string, string> { ["TestTimerSchedule"] = "*/1 * * * * *" });

        var first = JsonDocument.Parse(await host.WaitForSignalAsync("tick-1")).RootElement;
        var second = JsonDocument.Parse(await host.WaitForSignalAsync("tick-2")).RootElement;

        Assert.False(first.GetProperty("IsPastDue").GetBoolean());
        Assert.True(second.GetProperty("Next").GetDateTime() > second.GetProperty("Last").GetDateTime());
        Assert.True(second.GetProperty("Last").GetDateTime() > first.GetProperty("Last").GetDateTime());
        Assert.True(second.GetProperty("Next").GetDateTime() > first.GetProperty("Next").GetDateTime());
        await host.App.WaitForLineAsync(@"Executed 'Functions\.Tick' \(Succeeded, Id=");
        await host.App.WaitForLineAsync(@"Executing 'Functions\.Tick' \(Reason='Timer fired at ");
    }
}
