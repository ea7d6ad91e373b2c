using McpOrchestrator.LocalRuntime.Invocation;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace McpOrchestrator.LocalRuntime.Timers;

/// <summary>Runs every <c>timerTrigger</c> function on its schedule, on the injected <see cref="TimeProvider"/>'s
/// clock. One invocation of a function at a time (as the Functions host's singleton timer lock does); a run that
/// wakes after a later occurrence has already passed is reported with <see cref="TimerInfo.IsPastDue"/> and the
/// missed occurrences are skipped.</summary>
internal sealed partial class TimerScheduler(
    IEnumerable<TimerFunction> timers, FunctionExecutor executor, TimeProvider clock, ILogger<TimerScheduler> log) : BackgroundService
{
    public const string TriggerType = "timerTrigger";

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(timers.Select(timer => RunAsync(timer, stoppingToken)));

    private async Task RunAsync(TimerFunction timer, CancellationToken stoppingToken)
    {
        var last = DateTime.MinValue;
        var next = timer.Schedule.NextAfter(clock.GetUtcNow().UtcDateTime);
        Scheduled(log, timer.Function.Name, timer.Schedule.Expression, next);
        if (timer.RunOnStartup)
        {
            await InvokeAsync(timer, last, next, isPastDue: false, stoppingToken);
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = next - clock.GetUtcNow().UtcDateTime;
            if (wait > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(wait, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var following = timer.Schedule.NextAfter(next);
            var isPastDue = following <= now;
            if (isPastDue)
            {
                following = timer.Schedule.NextAfter(now);
            }

            await InvokeAsync(timer, last, following, isPastDue, stoppingToken);
            last = next;
            next = following;
        }
    }

    private async Task InvokeAsync(TimerFunction timer, DateTime last, DateTime next, bool isPastDue, CancellationToken stoppingToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var info = new TimerInfo
        {
            IsPastDue = isPastDue,
            ScheduleStatus = timer.UseMonitor ? new ScheduleStatus { Last = last, Next = next, LastUpdated = now } : null,
        };
        try
        {
            await executor.ExecuteAsync(timer.Function, "Timer fired at " + now.ToString("O", System.Globalization.CultureInfo.InvariantCulture), info, http: null, stoppingToken);
        }
        catch (InvocationFailedException)
        {
            // Already logged with its invocation id; the schedule goes on, as in the Functions host.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Timer function '{FunctionName}' scheduled '{Schedule}'; next occurrence {Next:O} (UTC)")]
    private static partial void Scheduled(ILogger logger, string functionName, string schedule, DateTime next);
}
