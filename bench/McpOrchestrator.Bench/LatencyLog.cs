using System.Diagnostics;

namespace McpOrchestrator.Bench;

/// <summary>The latencies of one path in one phase, collected over several batches (rounds), and the wall time those
/// batches took (for throughput). Holds at most <c>capacity</c> samples; recording is thread-safe, ending a round
/// is not (call it between batches).</summary>
public sealed class LatencyLog(string path, int clients, int capacity)
{
    private readonly long[] _timestampTicks = new long[capacity];
    private readonly List<int> _roundEnds = [];
    private int _count;
    private long _wallTimestampTicks;

    public string Path { get; } = path;

    public int Clients { get; } = clients;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Records one call's duration, in <see cref="Stopwatch"/> timestamp ticks.</summary>
    public void Record(long elapsedTimestampTicks)
    {
        var index = Interlocked.Increment(ref _count) - 1;
        _timestampTicks[index] = elapsedTimestampTicks;
    }

    /// <summary>Adds the wall time of one batch, in <see cref="Stopwatch"/> timestamp ticks.</summary>
    public void AddWallTime(long elapsedTimestampTicks) => Interlocked.Add(ref _wallTimestampTicks, elapsedTimestampTicks);

    /// <summary>Marks the samples recorded so far as one round.</summary>
    public void EndRound() => _roundEnds.Add(Count);

    /// <summary>The median of each round, in milliseconds.</summary>
    public IReadOnlyList<double> RoundMediansMs()
    {
        var medians = new List<double>(_roundEnds.Count);
        var start = 0;
        foreach (var end in _roundEnds)
        {
            var round = _timestampTicks[start..end];
            Array.Sort(round);
            medians.Add(Milliseconds(Percentile(round, 0.50)));
            start = end;
        }

        return medians;
    }

    public LatencySummary Summarize()
    {
        var count = Count;
        if (count == 0)
        {
            throw new InvalidOperationException($"No latencies were recorded for {Path}.");
        }

        var sorted = _timestampTicks[..count];
        Array.Sort(sorted);
        var wallSeconds = (double)Volatile.Read(ref _wallTimestampTicks) / Stopwatch.Frequency;
        return new LatencySummary
        {
            Path = Path,
            Clients = Clients,
            Requests = count,
            MedianMs = Milliseconds(Percentile(sorted, 0.50)),
            P95Ms = Milliseconds(Percentile(sorted, 0.95)),
            P99Ms = Milliseconds(Percentile(sorted, 0.99)),
            RequestsPerSecond = count / wallSeconds,
        };
    }

    // Nearest rank: the smallest sample with at least p of all samples at or below it.
    private static long Percentile(long[] sorted, double p) => sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static double Milliseconds(long timestampTicks) => timestampTicks * 1000.0 / Stopwatch.Frequency;
}
