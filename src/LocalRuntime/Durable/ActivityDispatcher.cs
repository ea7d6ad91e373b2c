using System.Collections.Concurrent;
using System.Globalization;
using Azure;
using McpOrchestrator.Core.Storage;
using McpOrchestrator.LocalRuntime.Invocation;
using Microsoft.DurableTask;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace McpOrchestrator.LocalRuntime.Durable;

/// <summary>Runs activity work items, at most <see cref="DurableTaskHubOptions.MaxConcurrentActivityFunctions"/> at
/// once: claims each with an expiring lease (renewed while it runs), runs the activity function through the worker
/// middleware pipeline, and records the outcome, the instance's wake-up and the work item's deletion in one
/// transaction. An activity runs at least once (again after a crash before that transaction) and never again after it.</summary>
internal sealed class ActivityDispatcher(DurableTaskHub hub, FunctionExecutor executor, ILoggerFactory loggers) : BackgroundService
{
    private static readonly TimeSpan MinPoll = TimeSpan.FromMilliseconds(50);

    // While this host hands itself work items, it still queries at least this often for work from elsewhere.
    private static readonly TimeSpan QueryAtLeastEvery = TimeSpan.FromSeconds(1);

    private readonly ILogger _log = loggers.CreateLogger(DurableLog.Category);
    private readonly ConcurrentDictionary<(string InstanceId, int TaskId), Task> _inFlight = new();
    private readonly SemaphoreSlim _slots = new(hub.Options.MaxConcurrentActivityFunctions);
    private readonly System.Diagnostics.Stopwatch _sinceQuery = new();

    public override void Dispose()
    {
        _slots.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var idle = MinPoll;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var started = await DispatchAsync(stoppingToken);
                idle = started > 0 ? MinPoll : Min(idle * 2, hub.Options.MaxPollingInterval);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is StorageUnavailableException or RequestFailedException)
            {
                DurableLog.StorageUnavailable(_log, hub.Store.Hub, e.Message);
                idle = Min(idle * 2, hub.Options.MaxPollingInterval);
            }

            try
            {
                await hub.Activities.WaitAsync(idle, hub.Clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await Task.WhenAll(_inFlight.Values);
    }

    private async Task<int> DispatchAsync(CancellationToken stoppingToken)
    {
        var free = _slots.CurrentCount;
        if (free == 0)
        {
            return 0;
        }

        // Items this host just scheduled first (they carry their ETags); the rest of the hub's work by query.
        var items = new List<ActivityWorkItem>();
        while (items.Count < free && hub.ActivityHints.TryDequeue(out var hint))
        {
            items.Add(hint);
        }

        if (items.Count < free && (hub.ActivityHints.IsEmpty || !_sinceQuery.IsRunning || _sinceQuery.Elapsed >= QueryAtLeastEvery))
        {
            var hinted = items.Select(i => (i.InstanceId, i.TaskId)).ToHashSet();
            items.AddRange((await hub.Store.GetRunnableActivitiesAsync(hub.Clock.GetUtcNow(), free + _inFlight.Count, stoppingToken))
                .Where(i => !hinted.Contains((i.InstanceId, i.TaskId))));
            _sinceQuery.Restart();
        }

        var started = 0;
        foreach (var item in items)
        {
            var key = (item.InstanceId, item.TaskId);
            if (_inFlight.ContainsKey(key))
            {
                continue;
            }

            if (!_slots.Wait(0, CancellationToken.None))
            {
                break;
            }

            var run = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _inFlight[key] = run.Task;
            started++;
            _ = Task.Run(async () =>
            {
                try
                {
                    await RunAsync(item, stoppingToken);
                }
                finally
                {
                    _inFlight.TryRemove(key, out _);
                    _slots.Release();
                    hub.Activities.Poke();
                    run.TrySetResult();
                }
            }, CancellationToken.None);
        }

        return started;
    }

    private async Task RunAsync(ActivityWorkItem item, CancellationToken stoppingToken)
    {
        try
        {
            var claimed = await hub.Store.TryClaimActivityAsync(item, hub.HostId, hub.Clock.GetUtcNow() + hub.Options.ActivityLease, stoppingToken);
            if (claimed is not { } lease)
            {
                return;
            }

            await using var renewal = new LeaseRenewal(lease, hub.Options.ActivityLease, hub.Clock,
                (etag, until, token) => hub.Store.RenewActivityLeaseAsync(item, etag, until, token));
            var (result, failure, interrupted) = await ExecuteAsync(item, stoppingToken);
            var etag = await renewal.StopAsync();
            if (etag is not { } held)
            {
                DurableLog.ActivityLost(_log, item.Name, item.TaskId, item.InstanceId);
                return;
            }

            if (interrupted)
            {
                // The host is stopping: hand the activity back for the next host to run, without recording anything.
                await hub.Store.ReleaseActivityAsync(item, held, CancellationToken.None);
                return;
            }

            if (failure is not null)
            {
                DurableLog.ActivityFailed(_log, item.Name, item.TaskId, item.InstanceId, failure.ErrorType, failure.ErrorMessage);
            }

            if (await hub.Store.CompleteActivityAsync(item, held, result, failure, hub.Clock.GetUtcNow(), CancellationToken.None) is { } wake)
            {
                hub.WakeHints.Enqueue(wake);
                hub.Orchestrations.Poke();
            }
            else
            {
                DurableLog.ActivityLost(_log, item.Name, item.TaskId, item.InstanceId);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Not claimed, or not recorded: another host runs it when the lease expires.
        }
        catch (Exception e)
        {
            DurableLog.ActivityCrashed(_log, e, item.Name, item.TaskId, item.InstanceId);
        }
    }

    private async Task<(string? Result, TaskFailureDetails? Failure, bool Interrupted)> ExecuteAsync(ActivityWorkItem item, CancellationToken stoppingToken)
    {
        var function = hub.Functions.Activity(item.Name);
        if (function is null)
        {
            return (null, new TaskFailureDetails(typeof(InvalidOperationException).FullName!,
                $"The function '{item.Name}' doesn't exist, is disabled, or is not an activity function.", null, null, null), false);
        }

        var reason = string.Create(CultureInfo.InvariantCulture, $"Activity of orchestration instance '{item.InstanceId}', task {item.TaskId}");
        try
        {
            var context = await executor.ExecuteAsync(function, reason, new ActivityInput(item.Input), http: null, stoppingToken);
            return (DurableJson.Converter.Serialize(context.Result.Value), null, false);
        }
        catch (InvocationFailedException e) when (stoppingToken.IsCancellationRequested && e.InnerException is OperationCanceledException)
        {
            return (null, null, true);
        }
        catch (InvocationFailedException e)
        {
            return (null, TaskFailureDetails.FromException(e.InnerException ?? e), false);
        }
        catch (Exception e) when (e is NotSupportedException or System.Text.Json.JsonException)
        {
            // The result could not be serialized.
            return (null, TaskFailureDetails.FromException(e), false);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
