using NCrontab;

namespace McpOrchestrator.LocalRuntime.Timers;

/// <summary>A timer trigger's NCRONTAB schedule (6 fields with seconds, or the classic 5), evaluated in UTC with
/// NCrontab.Signed, the library the Functions host uses.</summary>
internal sealed class TimerSchedule
{
    private readonly CrontabSchedule _schedule;

    private TimerSchedule(string expression, CrontabSchedule schedule)
    {
        Expression = expression;
        _schedule = schedule;
    }

    public string Expression { get; }

    public static TimerSchedule Parse(string expression)
    {
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var options = new CrontabSchedule.ParseOptions { IncludingSeconds = fields == 6 };
        var schedule = CrontabSchedule.TryParse(expression, options)
            ?? throw new InvalidOperationException(
                $"'{expression}' is not an NCRONTAB schedule. Use 6 fields: {{second}} {{minute}} {{hour}} {{day}} {{month}} {{day-of-week}}, e.g. '*/30 * * * * *'.");
        return new TimerSchedule(expression, schedule);
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>.</summary>
    public DateTime NextAfter(DateTime after) =>
        _schedule.GetNextOccurrence(DateTime.SpecifyKind(after, DateTimeKind.Unspecified));
}
