using System.Text.Json;
using Microsoft.Azure.Functions.Worker;

namespace McpOrchestrator.LocalHostTestApp;

/// <summary>A timer on the schedule in the TestTimerSchedule app setting; each run records its TimerInfo.</summary>
public static class TimerFunctions
{
    private static int _runs;

    [Function("Tick")]
    public static void Tick([TimerTrigger("%TestTimerSchedule%")] TimerInfo timer)
    {
        var run = Interlocked.Increment(ref _runs);
        Signals.Write($"tick-{run}", JsonSerializer.Serialize(new
        {
            timer.IsPastDue,
            Last = timer.ScheduleStatus?.Last,
            Next = timer.ScheduleStatus?.Next,
            LastUpdated = timer.ScheduleStatus?.LastUpdated,
        }));
    }
}
