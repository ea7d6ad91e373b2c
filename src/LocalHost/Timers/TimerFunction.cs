using McpOrchestrator.LocalHost.Extensions;
using McpOrchestrator.LocalHost.Hosting;
using NCrontab;

namespace McpOrchestrator.LocalHost.Timers;

/// <summary>A timer-triggered function: its NCRONTAB schedule (six fields, seconds first, UTC; <c>%Setting%</c>
/// references resolved) and whether it also runs when the host starts.</summary>
internal sealed record TimerFunction(string Name, string BindingName, CrontabSchedule Schedule, string Expression, bool RunOnStartup)
{
    public static TimerFunction? From(LoadedFunction function, Func<string, string> resolveSetting)
    {
        var trigger = function.Bindings.FirstOrDefault(b => string.Equals(b.Type, "timerTrigger", StringComparison.OrdinalIgnoreCase));
        if (trigger is null)
        {
            return null;
        }

        string? Property(string name) => trigger.Raw.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.ToString();
        var expression = resolveSetting(Property("schedule") ?? string.Empty);
        var schedule = CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = true })
            ?? throw new HostStartupException($"The schedule '{expression}' of timer function '{function.Name}' is not a six-field NCRONTAB expression (\"{{second}} {{minute}} {{hour}} {{day}} {{month}} {{day-of-week}}\"): fix its [TimerTrigger].");
        return new TimerFunction(function.Name, trigger.Name, schedule, expression, bool.TryParse(Property("runOnStartup"), out var run) && run);
    }
}
