using McpOrchestrator.LocalHost.Hosting;
using McpOrchestrator.LocalHost.Worker;

namespace McpOrchestrator.LocalHost.Timers;

/// <summary>Starts the timers of the loaded functions once the worker is ready, and stops them (waiting for the
/// invocations under way) before the worker is terminated.</summary>
internal sealed class TimerService(WorkerSupervisor supervisor, LocalHostConfiguration configuration, TimeProvider time, ILoggerFactory loggers) : IHostedService, IDisposable
{
    private TimerScheduler? _scheduler;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var timers = supervisor.Functions.Where(f => !supervisor.IsOwnedByExtension(f)).Select(f => TimerFunction.From(f, configuration.ResolveSetting)).OfType<TimerFunction>().ToList();
        _scheduler = new TimerScheduler(supervisor, time, loggers.CreateLogger("Host.Timers"));
        _scheduler.Start(timers);
        return Task.CompletedTask;
    }

    public void Dispose() => _scheduler?.Dispose();

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_scheduler is { } scheduler)
        {
            await scheduler.StopAsync(cancellationToken);
        }
    }
}
