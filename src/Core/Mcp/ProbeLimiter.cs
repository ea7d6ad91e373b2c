using McpOrchestrator.Core.Problems;
using Microsoft.Extensions.Options;

namespace McpOrchestrator.Core.Mcp;

/// <summary>
/// The one bound on probes and health checks of this instance, whoever asks: at most
/// <see cref="McpOptions.MaxConcurrentProbes"/> run at once, in arrival order. A request's probe waits among at most
/// <see cref="McpOptions.MaxQueuedProbes"/> others and beyond that is refused with 429 <c>too_many_probes</c>
/// (<see cref="EnterAsync"/>). Background work whose own parallelism is bounded elsewhere (the health timer, the publish
/// pipeline's probe activities) waits for its turn without the queue bound (<see cref="EnterWaitingAsync"/>), and
/// still counts against the limit.
/// </summary>
public sealed class ProbeLimiter(IOptions<McpOptions> options)
{
    private readonly int _permitLimit = options.Value.MaxConcurrentProbes;
    private readonly int _queueLimit = options.Value.MaxQueuedProbes;
    private readonly Lock _gate = new();
    private readonly LinkedList<TaskCompletionSource> _waiters = new();
    private readonly List<(int Running, int Waiting, TaskCompletionSource Reached)> _watchers = [];
    private int _running;

    /// <summary>Probes and checks holding a slot now.</summary>
    public int Running
    {
        get
        {
            lock (_gate)
            {
                return _running;
            }
        }
    }

    /// <summary>Probes and checks waiting for a slot now.</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _waiters.Count;
            }
        }
    }

    /// <summary>A slot for a probe a caller is waiting on; dispose it when the probe ends.</summary>
    /// <exception cref="ProblemException">429 <c>too_many_probes</c>: every slot is busy and the queue is full.</exception>
    public Task<IDisposable> EnterAsync(CancellationToken cancellationToken) => EnterCoreAsync(bounded: true, cancellationToken);

    /// <summary>A slot for background work; waits however many are queued.</summary>
    public Task<IDisposable> EnterWaitingAsync(CancellationToken cancellationToken) => EnterCoreAsync(bounded: false, cancellationToken);

    /// <summary>Completes once exactly <paramref name="running"/> hold a slot and <paramref name="waiting"/> wait (for tests).</summary>
    internal Task WhenAsync(int running, int waiting)
    {
        lock (_gate)
        {
            if (_running == running && _waiters.Count == waiting)
            {
                return Task.CompletedTask;
            }

            var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _watchers.Add((running, waiting, reached));
            return reached.Task;
        }
    }

    private async Task<IDisposable> EnterCoreAsync(bool bounded, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        LinkedListNode<TaskCompletionSource> node;
        lock (_gate)
        {
            if (_running < _permitLimit && _waiters.Count == 0)
            {
                _running++;
                Notify();
                return new Slot(this);
            }

            if (bounded && _waiters.Count >= _queueLimit)
            {
                throw new ProblemException(Problems.Problems.TooManyProbes(_permitLimit, _queueLimit));
            }

            node = _waiters.AddLast(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
            Notify();
        }

        await using (cancellationToken.Register(() => Abandon(node, cancellationToken)))
        {
            await node.Value.Task.ConfigureAwait(false);
        }

        return new Slot(this);
    }

    private void Abandon(LinkedListNode<TaskCompletionSource> node, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (node.List is null)
            {
                return;
            }

            _waiters.Remove(node);
            node.Value.TrySetCanceled(cancellationToken);
            Notify();
        }
    }

    private void Release()
    {
        lock (_gate)
        {
            if (_waiters.First is { } next)
            {
                _waiters.RemoveFirst();
                next.Value.TrySetResult();
            }
            else
            {
                _running--;
            }

            Notify();
        }
    }

    private void Notify()
    {
        for (var i = _watchers.Count - 1; i >= 0; i--)
        {
            if (_watchers[i].Running == _running && _watchers[i].Waiting == _waiters.Count)
            {
                _watchers[i].Reached.TrySetResult();
                _watchers.RemoveAt(i);
            }
        }
    }

    private sealed class Slot(ProbeLimiter owner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Release();
            }
        }
    }
}
