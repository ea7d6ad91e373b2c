namespace McpOrchestrator.Core.Access;

/// <summary>
/// This instance's memory of token hashes that storage just said it does not know, so a flood of guessed or stale
/// tokens costs one storage read per hash per <see cref="AccessOptions.NegativeCacheTtl"/> instead of one per request.
/// Holds at most <see cref="AccessOptions.NegativeCacheSize"/> hashes: the oldest goes first when it is full. Only
/// "not found" is remembered (never a storage failure), and a token issued through this instance is forgotten at once.
/// </summary>
internal sealed class NegativeTokenCache(TimeSpan ttl, int size)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly Queue<(string Hash, DateTimeOffset At)> _order = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _seen.Count;
            }
        }
    }

    /// <summary>Whether <paramref name="hash"/> was found unknown less than the TTL ago.</summary>
    public bool Contains(string hash, DateTimeOffset now)
    {
        lock (_gate)
        {
            return _seen.TryGetValue(hash, out var at) && IsFresh(at, now);
        }
    }

    public void Add(string hash, DateTimeOffset now)
    {
        if (ttl <= TimeSpan.Zero)
        {
            return;
        }

        lock (_gate)
        {
            while (_order.TryPeek(out var oldest) && (!IsFresh(oldest.At, now) || _order.Count >= size))
            {
                _order.Dequeue();
                if (_seen.TryGetValue(oldest.Hash, out var at) && at == oldest.At)
                {
                    _seen.Remove(oldest.Hash);
                }
            }

            _seen[hash] = now;
            _order.Enqueue((hash, now));
        }
    }

    public void Remove(string hash)
    {
        lock (_gate)
        {
            _seen.Remove(hash);
        }
    }

    private bool IsFresh(DateTimeOffset at, DateTimeOffset now) => now >= at && now - at < ttl;
}
