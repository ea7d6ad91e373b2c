using Microsoft.Extensions.Logging;

namespace Microsoft.DurableTask;

/// <summary>What an orchestrator function sees of its orchestration: the instance, a replay-safe clock, and the
/// durable operations (activities, timers, external events). Orchestrator code is replayed from the recorded history,
/// so it must be deterministic: use <see cref="CurrentUtcDateTime"/>, <see cref="NewGuid"/> and
/// <see cref="CreateTimer(TimeSpan, CancellationToken)"/>, never the system clock, random values, I/O or non-durable awaits.</summary>
public abstract class TaskOrchestrationContext
{
    public abstract TaskName Name { get; }

    public abstract string InstanceId { get; }

    /// <summary>The orchestration's clock: the time recorded when the current step of the history started.</summary>
    public abstract DateTime CurrentUtcDateTime { get; }

    /// <summary>True while the orchestrator re-runs code whose effects are already in the history.</summary>
    public abstract bool IsReplaying { get; }

    protected abstract ILoggerFactory LoggerFactory { get; }

    public abstract T? GetInput<T>();

    public virtual Task CallActivityAsync(TaskName name, object? input = null, TaskOptions? options = null)
        => CallActivityAsync<object>(name, input, options);

    public virtual Task CallActivityAsync(TaskName name, TaskOptions options)
        => CallActivityAsync(name, null, options);

    public virtual Task<TResult> CallActivityAsync<TResult>(TaskName name, TaskOptions options)
        => CallActivityAsync<TResult>(name, null, options);

    /// <summary>Schedules the activity and completes with its (deserialized) result; throws
    /// <see cref="TaskFailedException"/> when it failed after the retries of <paramref name="options"/>.</summary>
    public abstract Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null);

    public virtual Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken)
        => CreateTimer(CurrentUtcDateTime.Add(delay), cancellationToken);

    /// <summary>A durable timer: completes at <paramref name="fireAt"/> (UTC), even across restarts.</summary>
    public abstract Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken);

    /// <summary>Completes with the payload of the next event named <paramref name="eventName"/> (case-insensitive);
    /// events raised before the wait are buffered.</summary>
    public abstract Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default);

    /// <summary>As <see cref="WaitForExternalEvent{T}(string, CancellationToken)"/>, cancelled (a <see cref="TaskCanceledException"/>)
    /// when no event arrives within <paramref name="timeout"/>, which is a durable timer.</summary>
    public Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout)
        => WaitForExternalEvent<T>(eventName, timeout, CancellationToken.None);

    /// <inheritdoc cref="WaitForExternalEvent{T}(string, TimeSpan)"/>
    public async Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timerCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timeoutTask = CreateTimer(timeout, timerCts.Token);

        using var eventCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var externalEventTask = WaitForExternalEvent<T>(eventName, eventCts.Token);

        // Cancel synchronously: the loser's continuation must run on the orchestrator's thread, during this step.
        var winner = await Task.WhenAny(timeoutTask, externalEventTask);
#pragma warning disable CA1849 // CancelAsync would run the callbacks on the thread pool, outside the replay.
        if (winner == externalEventTask)
        {
            timerCts.Cancel();
        }
        else
        {
            eventCts.Cancel();
        }
#pragma warning restore CA1849

        return await externalEventTask;
    }

    /// <summary>Sets the value status queries report as the instance's custom status (null clears it).</summary>
    public abstract void SetCustomStatus(object? customStatus);

    /// <summary>A GUID that is the same on every replay (name-based, from the instance id, the orchestration clock and a counter).</summary>
    public abstract Guid NewGuid();

    /// <summary>A logger that writes nothing while the orchestrator replays.</summary>
    public virtual ILogger CreateReplaySafeLogger(string categoryName)
        => new ReplaySafeLogger(this, LoggerFactory.CreateLogger(categoryName));

    /// <inheritdoc cref="CreateReplaySafeLogger(string)"/>
    public virtual ILogger CreateReplaySafeLogger(Type type)
        => new ReplaySafeLogger(this, LoggerFactory.CreateLogger(type));

    /// <inheritdoc cref="CreateReplaySafeLogger(string)"/>
    public virtual ILogger CreateReplaySafeLogger<T>()
        => new ReplaySafeLogger(this, LoggerFactory.CreateLogger<T>());

    private sealed class ReplaySafeLogger(TaskOrchestrationContext context, ILogger logger) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => logger.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => !context.IsReplaying && logger.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!context.IsReplaying)
            {
                logger.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
