using System.Globalization;
using System.Text.Json;
using McpOrchestrator.LocalHost.Extensions;

namespace McpOrchestrator.LocalHost.Timers;

/// <summary>Fires timer functions on their schedules (UTC, on <see cref="TimeProvider"/>), one invocation of a timer
/// at a time. Each invocation gets a real <c>ScheduleStatus</c>: <c>Last</c> the scheduled time of the previous firing,
/// <c>Next</c> the next occurrence after this one, <c>LastUpdated</c> now; <c>IsPastDue</c> is true when the timer
/// woke after a later occurrence had already passed (missed occurrences fire once, not once each).</summary>
internal sealed partial class TimerScheduler(IWorkerFunctions worker, TimeProvider time, ILogger logger) : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];

    public void Start(IEnumerable<TimerFunction> timers)
    {
        foreach (var timer in timers)
        {
            _loops.Add(Task.Run(() => RunAsync(timer, _stopping.Token)));
        }
    }

    /// <summary>Stops scheduling and waits for the invocations under way.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_loops).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private async Task RunAsync(TimerFunction timer, CancellationToken stopping)
    {
        DateTime? last = null;
        var now = time.GetUtcNow().UtcDateTime;
        var due = timer.Schedule.GetNextOccurrence(now);
        if (timer.RunOnStartup)
        {
            await FireAsync(timer, last, due, isPastDue: false, stopping);
        }

        while (!stopping.IsCancellationRequested)
        {
            try
            {
                var wait = due - time.GetUtcNow().UtcDateTime;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, stopping);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            now = time.GetUtcNow().UtcDateTime;
            if (now < due)
            {
                continue;
            }

            var following = timer.Schedule.GetNextOccurrence(due);
            var isPastDue = following <= now;
            var next = timer.Schedule.GetNextOccurrence(now);
            await FireAsync(timer, last, next, isPastDue, stopping);
            last = due;
            due = timer.Schedule.GetNextOccurrence(time.GetUtcNow().UtcDateTime);
        }
    }

    private async Task FireAsync(TimerFunction timer, DateTime? last, DateTime next, bool isPastDue, CancellationToken stopping)
    {
        var now = time.GetUtcNow();
        var info = new
        {
            Schedule = new { AdjustForDST = true },
            ScheduleStatus = new
            {
                Last = (last ?? DateTime.MinValue).ToString("o", CultureInfo.InvariantCulture),
                Next = next.ToString("o", CultureInfo.InvariantCulture),
                LastUpdated = now.UtcDateTime.ToString("o", CultureInfo.InvariantCulture),
            },
            IsPastDue = isPastDue,
        };
        if (isPastDue)
        {
            PastDue(logger, timer.Name);
        }

        try
        {
            var outcome = await worker.InvokeAsync(
                timer.Name,
                [new InvocationInput(timer.BindingName, new InvocationValue.Json(JsonSerializer.Serialize(info)))],
                new Dictionary<string, InvocationValue>(),
                $"Timer fired at {now.UtcDateTime.ToString("o", CultureInfo.InvariantCulture)}",
                stopping);
            _ = outcome;
        }
        catch (WorkerUnavailableException e)
        {
            Skipped(logger, timer.Name, e.Message);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception e) when (e is InvalidOperationException)
        {
            Skipped(logger, timer.Name, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Timer '{Name}' is past due")]
    private static partial void PastDue(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Timer '{Name}' did not run: {Cause}")]
    private static partial void Skipped(ILogger logger, string name, string cause);
}
