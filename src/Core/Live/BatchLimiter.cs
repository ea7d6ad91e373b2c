using McpOrchestrator.Core.Problems;
using Microsoft.Extensions.Options;

namespace McpOrchestrator.Core.Live;

/// <summary>
/// How many batches each credential has running on this instance: at most <see cref="LiveOptions.MaxConcurrentBatches"/>
/// at once per credential id, beyond which a batch is refused with 429 <c>too_many_batches</c> before any call starts.
/// A credential with none running takes no memory.
/// </summary>
public sealed class BatchLimiter(IOptions<LiveOptions> options)
{
    private readonly int _limit = options.Value.MaxConcurrentBatches;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _running = new(StringComparer.Ordinal);

    /// <summary>Batches <paramref name="credential"/> has running now.</summary>
    public int RunningFor(string credential)
    {
        lock (_gate)
        {
            return _running.GetValueOrDefault(credential);
        }
    }

    /// <summary>A place for one batch of <paramref name="credential"/>; dispose it when the batch ends.</summary>
    /// <exception cref="ProblemException">429 <c>too_many_batches</c>.</exception>
    public IDisposable Enter(string credential)
    {
        ArgumentException.ThrowIfNullOrEmpty(credential);
        lock (_gate)
        {
            var running = _running.GetValueOrDefault(credential);
            if (running >= _limit)
            {
                throw new ProblemException(LiveProblems.TooManyBatches(_limit));
            }

            _running[credential] = running + 1;
        }

        return new Place(this, credential);
    }

    private void Leave(string credential)
    {
        lock (_gate)
        {
            var running = _running.GetValueOrDefault(credential) - 1;
            if (running <= 0)
            {
                _running.Remove(credential);
            }
            else
            {
                _running[credential] = running;
            }
        }
    }

    private sealed class Place(BatchLimiter owner, string credential) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Leave(credential);
            }
        }
    }
}
