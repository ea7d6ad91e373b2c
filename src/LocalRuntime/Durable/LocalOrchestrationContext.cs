using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace McpOrchestrator.LocalRuntime.Durable;

/// <summary>The <see cref="TaskOrchestrationContext"/> of one replay of one orchestration instance. The orchestrator's
/// calls become <see cref="OrchestrationAction"/>s with sequential task ids, and the tasks they return complete only
/// when <see cref="OrchestrationReplay"/> applies the matching history event. Every call must come from the replay's
/// thread: an orchestrator that awaited something other than a durable task resumes elsewhere, and its next call throws.</summary>
internal sealed class LocalOrchestrationContext : TaskOrchestrationContext
{
    public const string IllegalAwaitMessage =
        "An invalid asynchronous invocation was detected. This can be caused by awaiting non-durable tasks " +
        "in an orchestrator function's implementation or by middleware that invokes asynchronous code.";

    // RFC 4122 name-based GUIDs, with the namespace the Durable Task Framework uses, so NewGuid() gives the same values.
    private static readonly Guid GuidNamespace = new("9e952958-5e33-4daf-827f-2fa12937b875");

    [ThreadStatic]
    private static LocalOrchestrationContext? t_replaying;

    private readonly string? _input;
    private readonly Dictionary<int, OrchestrationAction> _unmatched = [];
    private readonly Dictionary<int, IPendingTask> _pending = [];
    private readonly Dictionary<string, LinkedList<IEventWaiter>> _waiters = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Queue<string?>> _buffered = new(StringComparer.OrdinalIgnoreCase);
    private readonly ILoggerFactory _loggerFactory;
    private int _nextTaskId;
    private int _guidCounter;

    public LocalOrchestrationContext(string instanceId, string name, string? input, string? customStatus, ILoggerFactory loggerFactory)
    {
        InstanceId = instanceId;
        Name = name;
        _input = input;
        CustomStatus = customStatus;
        _loggerFactory = loggerFactory;
    }

    public override TaskName Name { get; }

    public override string InstanceId { get; }

    public override DateTime CurrentUtcDateTime => Now;

    public override bool IsReplaying => Replaying;

    internal DateTime Now { get; set; }

    internal bool Replaying { get; set; }

    /// <summary>The serialized custom status the orchestrator last set (the stored value until it sets one).</summary>
    internal string? CustomStatus { get; private set; }

    /// <summary>Set when orchestrator code ran off the replay's thread.</summary>
    internal bool IllegalAccess { get; private set; }

    /// <summary>Whether the orchestrator waits for something the engine can deliver (an activity, a timer, an event).</summary>
    internal bool IsWaiting => _pending.Values.Any(p => !p.IsDone) || _waiters.Values.Any(w => w.Count > 0);

    protected override ILoggerFactory LoggerFactory => _loggerFactory;

    /// <summary>Marks the current thread as this replay's: orchestrator calls are legal on it until <see cref="Leave"/>.</summary>
    internal void Enter() => t_replaying = this;

    internal static void Leave() => t_replaying = null;

    public override T? GetInput<T>()
        where T : default => DurableJson.Read<T>(_input);

    internal object? GetInput(Type type) => DurableJson.Read(_input, type);

    public override Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null)
    {
        EnsureLegalAccess();
        if (string.IsNullOrEmpty(name.Name))
        {
            throw new ArgumentException("An activity name is required.", nameof(name));
        }

        var serializedInput = DurableJson.Converter.Serialize(input);
        return options?.Retry?.Policy is { } policy
            ? CallWithRetryAsync<TResult>(name.Name, serializedInput, policy)
            : ScheduleActivity<TResult>(name.Name, serializedInput);
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        EnsureLegalAccess();
        var due = fireAt.Kind switch
        {
            DateTimeKind.Local => fireAt.ToUniversalTime(),
            DateTimeKind.Unspecified => DateTime.SpecifyKind(fireAt, DateTimeKind.Utc),
            _ => fireAt,
        };
        var taskId = _nextTaskId++;
        _unmatched.Add(taskId, new OrchestrationAction(taskId, HistoryEventKind.TimerCreated, null, null, due));
        var timer = new TimerTask(due);
        _pending.Add(taskId, timer);
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() => timer.Completion.TrySetCanceled(cancellationToken));
        }

        return timer.Completion.Task;
    }

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
    {
        EnsureLegalAccess();
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        if (_buffered.TryGetValue(eventName, out var buffered) && buffered.Count > 0)
        {
            var payload = buffered.Dequeue();
            var ready = new EventWaiter<T>();
            ready.Deliver(payload);
            return ready.Completion.Task;
        }

        var waiter = new EventWaiter<T>();
        if (!_waiters.TryGetValue(eventName, out var queue))
        {
            _waiters[eventName] = queue = new LinkedList<IEventWaiter>();
        }

        var node = queue.AddLast(waiter);
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() =>
            {
                if (node.List is not null)
                {
                    queue.Remove(node);
                }

                waiter.Completion.TrySetCanceled(cancellationToken);
            });
        }

        return waiter.Completion.Task;
    }

    public override void SetCustomStatus(object? customStatus)
    {
        EnsureLegalAccess();
        CustomStatus = DurableJson.Converter.Serialize(customStatus);
    }

    public override Guid NewGuid()
    {
        EnsureLegalAccess();
        var name = string.Concat(InstanceId, "_", CurrentUtcDateTime.ToString("o", CultureInfo.InvariantCulture), "_",
            _guidCounter++.ToString(CultureInfo.InvariantCulture));
        return NameBasedGuid(GuidNamespace, name);
    }

    /// <summary>Removes and returns the action the orchestrator created as <paramref name="taskId"/>, if it has not been matched yet.</summary>
    internal bool TryMatch(int taskId, out OrchestrationAction action) => _unmatched.Remove(taskId, out action!);

    /// <summary>The actions of this run that the history does not have yet, in task order.</summary>
    internal IReadOnlyList<OrchestrationAction> UnmatchedActions => [.. _unmatched.Values.OrderBy(a => a.TaskId)];

    internal bool TryComplete(int taskId, string? result)
    {
        if (!_pending.TryGetValue(taskId, out var task) || task is TimerTask)
        {
            return false;
        }

        _pending.Remove(taskId);

        task.Complete(result);
        return true;
    }

    internal bool TryFail(int taskId, TaskFailureDetails failure)
    {
        if (!_pending.TryGetValue(taskId, out var task) || task is TimerTask)
        {
            return false;
        }

        _pending.Remove(taskId);

        task.Fail(failure);
        return true;
    }

    internal bool TryFire(int taskId)
    {
        if (!_pending.TryGetValue(taskId, out var task) || task is not TimerTask timer)
        {
            return false;
        }

        _pending.Remove(taskId);

        timer.Completion.TrySetResult();
        return true;
    }

    /// <summary>Completes the first waiter of <paramref name="eventName"/> or buffers the payload until one waits.</summary>
    internal void Raise(string eventName, string? payload)
    {
        if (_waiters.TryGetValue(eventName, out var queue) && queue.First is { } first)
        {
            queue.RemoveFirst();
            first.Value.Deliver(payload);
            return;
        }

        if (!_buffered.TryGetValue(eventName, out var buffered))
        {
            _buffered[eventName] = buffered = new Queue<string?>();
        }

        buffered.Enqueue(payload);
    }

    /// <summary>The earliest due time among the timers still awaited (neither fired nor cancelled).</summary>
    internal DateTime? NextTimer => _pending.Values.OfType<TimerTask>().Where(t => !t.IsDone).Select(t => (DateTime?)t.FireAt).Min();

    private Task<T> ScheduleActivity<T>(string name, string? input)
    {
        var taskId = _nextTaskId++;
        _unmatched.Add(taskId, new OrchestrationAction(taskId, HistoryEventKind.TaskScheduled, name, input, default));
        var activity = new ActivityTask<T>(name, taskId);
        _pending.Add(taskId, activity);
        return activity.Completion.Task;
    }

    // The Durable Task Framework's retry loop: each attempt is a new activity task, each delay a durable timer, so the
    // retries replay like any other orchestrator code.
    private async Task<T> CallWithRetryAsync<T>(string name, string? input, RetryPolicy policy)
    {
        var firstAttempt = CurrentUtcDateTime;
        for (var attempt = 1; ; attempt++)
        {
            ExceptionDispatchInfo failure;
            try
            {
                return await ScheduleActivity<T>(name, input);
            }
            catch (TaskFailedException e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }

            var delay = attempt < policy.MaxNumberOfAttempts && policy.Handle(failure.SourceException)
                ? NextRetryDelay(policy, attempt, firstAttempt)
                : null;
            if (delay is null)
            {
                failure.Throw();
            }

            await CreateTimer(CurrentUtcDateTime.Add(delay.Value), CancellationToken.None);
        }
    }

    private TimeSpan? NextRetryDelay(RetryPolicy policy, int attempt, DateTime firstAttempt)
    {
        if (policy.RetryTimeout != Timeout.InfiniteTimeSpan && CurrentUtcDateTime >= firstAttempt.Add(policy.RetryTimeout))
        {
            return null;
        }

        var delay = policy.FirstRetryInterval.TotalMilliseconds * Math.Pow(policy.BackoffCoefficient, attempt - 1);
        return policy.MaxRetryInterval != Timeout.InfiniteTimeSpan && delay >= policy.MaxRetryInterval.TotalMilliseconds
            ? policy.MaxRetryInterval
            : TimeSpan.FromMilliseconds(delay);
    }

    private void EnsureLegalAccess()
    {
        if (!ReferenceEquals(t_replaying, this))
        {
            IllegalAccess = true;
            throw new InvalidOperationException(IllegalAwaitMessage);
        }
    }

#pragma warning disable CA5350 // RFC 4122 version 5 GUIDs are defined with SHA-1; this is naming, not security.
    private static Guid NameBasedGuid(Guid namespaceId, string name)
    {
        Span<byte> namespaceBytes = stackalloc byte[16];
        namespaceId.TryWriteBytes(namespaceBytes, bigEndian: true, out _);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var buffer = new byte[16 + nameBytes.Length];
        namespaceBytes.CopyTo(buffer);
        nameBytes.CopyTo(buffer, 16);
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(buffer, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
#pragma warning restore CA5350

    private interface IPendingTask
    {
        bool IsDone { get; }

        void Complete(string? result);

        void Fail(TaskFailureDetails failure);
    }

    private interface IEventWaiter
    {
        void Deliver(string? payload);
    }

    // Continuations run synchronously (no RunContinuationsAsynchronously): completing the task resumes the orchestrator.
    private sealed class ActivityTask<T>(string name, int taskId) : IPendingTask
    {
        public TaskCompletionSource<T> Completion { get; } = new();

        public bool IsDone => Completion.Task.IsCompleted;

        public void Complete(string? result)
        {
            T value;
            try
            {
                value = DurableJson.Read<T>(result)!;
            }
            catch (System.Text.Json.JsonException e)
            {
                Completion.TrySetException(e);
                return;
            }

            Completion.TrySetResult(value);
        }

        public void Fail(TaskFailureDetails failure) => Completion.TrySetException(new TaskFailedException(name, taskId, failure));
    }

    private sealed class TimerTask(DateTime fireAt) : IPendingTask
    {
        public DateTime FireAt { get; } = fireAt;

        public TaskCompletionSource Completion { get; } = new();

        public bool IsDone => Completion.Task.IsCompleted;

        public void Complete(string? result) => Completion.TrySetResult();

        public void Fail(TaskFailureDetails failure) => Completion.TrySetResult();
    }

    private sealed class EventWaiter<T> : IEventWaiter
    {
        public TaskCompletionSource<T> Completion { get; } = new();

        public void Deliver(string? payload)
        {
            try
            {
                Completion.TrySetResult(DurableJson.Read<T>(payload)!);
            }
            catch (System.Text.Json.JsonException e)
            {
                Completion.TrySetException(e);
            }
        }
    }
}
