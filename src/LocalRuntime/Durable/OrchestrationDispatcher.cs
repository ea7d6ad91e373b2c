using System.Collections.Concurrent;
using System.Globalization;
using Azure;
using McpOrchestrator.Core.Storage;
using McpOrchestrator.LocalRuntime.Invocation;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace McpOrchestrator.LocalRuntime.Durable;

/// <summary>Runs the steps of orchestration instances. It looks for due wake-up rows (at once when this host created
/// work, else polling with back-off up to <see cref="DurableTaskHubOptions.MaxPollingInterval"/>, and at the next timer),
/// claims each instance with an expiring lease on its row, replays it through the worker middleware pipeline, and
/// commits the step in one transaction conditional on that lease — so a step is saved once, by the host that holds the
/// instance, and a crashed host's instances are taken over when their leases expire.</summary>
internal sealed class OrchestrationDispatcher(
    DurableTaskHub hub, FunctionExecutor executor, ILoggerFactory loggers) : BackgroundService
{
    private static readonly TimeSpan MinPoll = TimeSpan.FromMilliseconds(50);

    // While this host hands itself wake-ups, it still queries at least this often for work from elsewhere.
    private static readonly TimeSpan QueryAtLeastEvery = TimeSpan.FromSeconds(1);

    private readonly ILogger _log = loggers.CreateLogger(DurableLog.Category);
    private readonly ConcurrentDictionary<string, Task> _inFlight = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _slots = new(hub.Options.MaxConcurrentOrchestratorFunctions);
    private readonly System.Diagnostics.Stopwatch _sinceQuery = new();
    private readonly Lock _gate = new();
    private DateTimeOffset? _knownNextDue;

    public override void Dispose()
    {
        _slots.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        DurableLog.Started(_log, hub.Store.Hub, hub.HostId, DurableKeys.TableName, hub.Options.MaxConcurrentOrchestratorFunctions, hub.Options.MaxConcurrentActivityFunctions);
        var idle = MinPoll;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                var started = await DispatchDueAsync(stoppingToken);
                idle = started > 0 ? MinPoll : Backoff(idle);
                DateTimeOffset? nextDue;
                lock (_gate)
                {
                    nextDue = _knownNextDue;
                }

                wait = nextDue is { } due ? Min(due - hub.Clock.GetUtcNow(), idle) : idle;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is StorageUnavailableException or RequestFailedException)
            {
                DurableLog.StorageUnavailable(_log, hub.Store.Hub, e.Message);
                idle = Backoff(idle);
                wait = idle;
            }

            try
            {
                await hub.Orchestrations.WaitAsync(wait, hub.Clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        // Graceful shutdown: let running steps finish (they are short) so their leases are released.
        await Task.WhenAll(_inFlight.Values);
    }

    /// <summary>Starts a step for each due instance this host is not running yet; returns how many it started.</summary>
    private async Task<int> DispatchDueAsync(CancellationToken stoppingToken)
    {
        var hints = new Dictionary<string, WakeRow>(StringComparer.Ordinal);
        while (hub.WakeHints.TryDequeue(out var hint))
        {
            hints[hint.InstanceId] = hint;
        }

        var now = hub.Clock.GetUtcNow();
        IEnumerable<WakeRow> rows = hints.Values;
        if (hints.Count == 0 || !_sinceQuery.IsRunning || _sinceQuery.Elapsed >= QueryAtLeastEvery)
        {
            var queried = await hub.Store.GetWakeRowsAsync(stoppingToken);
            _sinceQuery.Restart();
            rows = queried;
            lock (_gate)
            {
                _knownNextDue = queried.Where(r => r.VisibleAt > now).Select(r => (DateTimeOffset?)r.VisibleAt).Min();
            }
        }

        var started = 0;
        foreach (var row in rows.OrderBy(r => r.VisibleAt))
        {
            if (row.VisibleAt > now)
            {
                continue;
            }

            if (_inFlight.ContainsKey(row.InstanceId))
            {
                continue;
            }

            if (!_slots.Wait(0, CancellationToken.None))
            {
                break;
            }

            var step = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _inFlight[row.InstanceId] = step.Task;
            started++;
            _ = Task.Run(async () =>
            {
                try
                {
                    await RunStepAsync(row, stoppingToken);
                }
                finally
                {
                    _inFlight.TryRemove(row.InstanceId, out _);
                    _slots.Release();
                    hub.Orchestrations.Poke();
                    step.TrySetResult();
                }
            }, CancellationToken.None);
        }

        return started;
    }

    private async Task RunStepAsync(WakeRow row, CancellationToken stoppingToken)
    {
        var instanceId = row.InstanceId;
        ETag? lease = null;
        try
        {
            // Loaded before the claim, which is conditional on the loaded instance row: if the claim succeeds, no step
            // was saved in between, so the loaded history is the instance's (later messages wait for the next step).
            var state = await hub.Store.LoadAsync(instanceId, stoppingToken);
            if (state is null)
            {
                // Left over from a purged instance (a late activity result or event).
                await hub.Store.PurgeAsync(instanceId, stoppingToken);
                return;
            }

            if (state.Instance.IsTerminal)
            {
                await hub.Store.DiscardPendingAsync(instanceId, state.Messages.Select(m => m.RowKey), stoppingToken);
                return;
            }

            var now = hub.Clock.GetUtcNow();
            lease = await hub.Store.TryClaimInstanceAsync(state.Instance, hub.HostId, now, hub.Options.OrchestrationLease, stoppingToken);
            if (lease is null)
            {
                return;
            }

            // "Ended" is logged when this host is done running the instance: before the step is saved (which gives up the
            // lease), or when the lease is released or lost.
            var episode = state.Instance.Episodes + 1;
            var stepEnded = false;
            void End(string outcome)
            {
                if (!stepEnded)
                {
                    stepEnded = true;
                    DurableLog.StepEnded(_log, instanceId, episode, hub.HostId, outcome);
                }
            }

            DurableLog.StepStarted(_log, instanceId, episode, hub.HostId);
            try
            {
                await using var renewal = new LeaseRenewal(lease.Value, hub.Options.OrchestrationLease, hub.Clock,
                    (etag, until, token) => hub.Store.RenewInstanceLeaseAsync(instanceId, etag, until, token));
                await StepAsync(row, state, renewal, now, End, stoppingToken);
                lease = null;
            }
            finally
            {
                End("abandoned");
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await ReleaseAsync(instanceId, lease);
        }
        catch (Exception e) when (e is StorageUnavailableException or RequestFailedException)
        {
            DurableLog.StorageUnavailable(_log, hub.Store.Hub, e.Message);
            await ReleaseAsync(instanceId, lease);
        }
        catch (Exception e)
        {
            DurableLog.StepCrashed(_log, e, instanceId);
            await ReleaseAsync(instanceId, lease);
        }
    }

    private async Task StepAsync(WakeRow row, InstanceState state, LeaseRenewal renewal, DateTimeOffset now, Action<string> done, CancellationToken stoppingToken)
    {
        var instanceId = row.InstanceId;
        await RedispatchAsync(state, stoppingToken);
        var inputs = StepInputs.From(state, now);
        if (!inputs.HasNews)
        {
            var idleLease = await renewal.StopAsync();
            done("nothing new");
            if (idleLease is { } held)
            {
                await hub.Store.ReleaseInstanceLeaseAsync(instanceId, held, stoppingToken, clearUndispatched: state.Instance.Undispatched.Count > 0);
            }

            await RescheduleAsync(row, inputs.MoreMessages ? now : StepInputs.NextTimer(state.History), stoppingToken);
            return;
        }

        var result = inputs.Terminate is { } terminate
            ? Terminated(terminate, now)
            : await ReplayAsync(state, inputs);
        var etag = await renewal.StopAsync();
        if (etag is null)
        {
            DurableLog.StepLost(_log, instanceId, state.Instance.Episodes + 1);
            done("lease lost");
            return;
        }

        done("saving " + result.Status);
        var commit = await hub.Store.CommitAsync(new EpisodeCommit
        {
            Instance = state.Instance,
            LeaseETag = etag.Value,
            NewHistory = result.NewHistory,
            Status = result.Status,
            Output = result.Output,
            Failure = result.Failure,
            CustomStatus = result.CustomStatus,
            AppliedMessages = inputs.Consumed,
            ScheduledActivities = result.ScheduledActivities,
            Now = now,
            Owner = hub.HostId,
            Lease = hub.Options.OrchestrationLease,
        }, stoppingToken);
        if (!commit.Committed)
        {
            DurableLog.StepLost(_log, instanceId, state.Instance.Episodes + 1);
            return;
        }

        if (result.ScheduledActivities.Count > 0)
        {
            // The new work items, with their ETags, go straight to this host's activity dispatcher.
            foreach (var item in commit.WorkItems)
            {
                hub.ActivityHints.Enqueue(item);
            }

            hub.Activities.Poke();
        }

        var ended = StepInputs.IsEnded(result.Status);
        DateTimeOffset? next = ended ? null
            : inputs.MoreMessages ? now
            : result.NextTimer is { } timer ? new DateTimeOffset(DateTime.SpecifyKind(timer, DateTimeKind.Utc))
            : null;
        await RescheduleAsync(row, next, stoppingToken);
        if (ended)
        {
            if (result.Failure is { } failure)
            {
                DurableLog.InstanceFailed(_log, state.Instance.Name, instanceId, failure.ErrorType, failure.ErrorMessage);
            }
            else
            {
                DurableLog.InstanceEnded(_log, state.Instance.Name, instanceId, result.Status.ToString());
            }
        }

        hub.Watch.Changed(instanceId);
    }

    private async Task<ReplayResult> ReplayAsync(InstanceState state, StepInputs inputs)
    {
        var instance = state.Instance;
        var function = hub.Functions.Orchestrator(instance.Name);
        if (function is null)
        {
            var missing = new TaskFailureDetails(typeof(InvalidOperationException).FullName!,
                $"The function '{instance.Name}' doesn't exist, is disabled, or is not an orchestrator function.", null, null, null);
            return new ReplayResult([.. inputs.Incoming, HistoryEvent.ExecutionCompleted(OrchestrationRuntimeStatus.Failed, null, missing)],
                OrchestrationRuntimeStatus.Failed, null, missing, instance.CustomStatus, null, []);
        }

        var context = new LocalOrchestrationContext(instance.InstanceId, instance.Name, instance.Input, instance.CustomStatus, loggers);
        var reason = string.Create(CultureInfo.InvariantCulture, $"Orchestration instance '{instance.InstanceId}', step {instance.Episodes + 1}");
        var invocation = new OrchestratorInvocation(executor, function, reason);
        var result = OrchestrationReplay.Run(context, state.History, inputs.Incoming, invocation);
        await invocation.EndAsync(result);
        return result;
    }

    private static ReplayResult Terminated(InstanceMessage terminate, DateTimeOffset now) => new(
        [HistoryEvent.OrchestratorStarted(now.UtcDateTime), HistoryEvent.ExecutionCompleted(OrchestrationRuntimeStatus.Terminated, terminate.Data, null)],
        OrchestrationRuntimeStatus.Terminated, terminate.Data, null, null, null, []);

    // A step that scheduled more activities than one transaction holds may have been cut off before writing all their
    // work items: write the missing ones (never for an activity whose result is recorded or waiting).
    private async Task RedispatchAsync(InstanceState state, CancellationToken stoppingToken)
    {
        if (state.Instance.Undispatched.Count == 0)
        {
            return;
        }

        var done = state.History.Where(e => e.Kind is HistoryEventKind.TaskCompleted or HistoryEventKind.TaskFailed).Select(e => e.TaskId!.Value)
            .Concat(state.Messages.Where(m => m.Kind == MessageKind.ActivityResult).Select(m => m.TaskId!.Value))
            .ToHashSet();
        var items = state.History
            .Where(e => e.Kind == HistoryEventKind.TaskScheduled && state.Instance.Undispatched.Contains(e.TaskId!.Value) && !done.Contains(e.TaskId.Value))
            .Select(e => hub.Store.ActivityEntity(state.Instance.InstanceId, e.TaskId!.Value, e.Name!, e.Data));
        await hub.Store.AddActivitiesAsync(items, stoppingToken);
        hub.Activities.Poke();
    }

    private async Task RescheduleAsync(WakeRow row, DateTimeOffset? next, CancellationToken stoppingToken)
    {
        if (!await hub.Store.RescheduleWakeAsync(row, next, stoppingToken))
        {
            // A message arrived during the step: the row stays due, so look again at once.
            hub.Orchestrations.Poke();
        }
        else if (next is { } due)
        {
            lock (_gate)
            {
                _knownNextDue = _knownNextDue is { } known && known < due ? known : due;
            }

            // Wake the loop so that it waits for this time rather than for its current poll interval.
            hub.Orchestrations.Poke();
        }
    }

    private async Task ReleaseAsync(string instanceId, ETag? lease)
    {
        if (lease is not { } held)
        {
            return;
        }

        try
        {
            await hub.Store.ReleaseInstanceLeaseAsync(instanceId, held, CancellationToken.None);
        }
        catch (Exception e) when (e is StorageUnavailableException or RequestFailedException)
        {
            // The lease expires on its own.
        }
    }

    private TimeSpan Backoff(TimeSpan idle) => Min(idle * 2, hub.Options.MaxPollingInterval);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>The orchestrator function of one replay, run through the worker middleware pipeline.</summary>
    private sealed class OrchestratorInvocation(FunctionExecutor executor, LocalFunctionDefinition function, string reason) : IOrchestratorInvocation
    {
        private StartedInvocation? _started;

        public object? Output => _started?.Context.Result.Value;

        public Task Start(LocalOrchestrationContext context)
        {
            _started = executor.Start(function, reason, context, SynchronousTaskScheduler.Instance);
            return _started.Running;
        }

        /// <summary>Ends the invocation when the step ends, whether or not the function returned.</summary>
        public Task EndAsync(ReplayResult result)
        {
            if (_started is null)
            {
                return Task.CompletedTask;
            }

            var failure = _started.Running.IsFaulted
                ? _started.Running.Exception!.InnerException ?? _started.Running.Exception
                : result.Failure is { } details ? new InvalidOperationException($"{details.ErrorType}: {details.ErrorMessage}") : null;
            return _started.EndAsync(failure);
        }
    }
}
