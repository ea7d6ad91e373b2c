namespace McpOrchestrator.Core.Mcp;

/// <summary>Counters and a latency window of one live server's tool calls: calls, failures, tool error results,
/// and p50/p95/p99 over the last <see cref="WindowSize"/> calls (nearest rank). Thread-safe; memory is bounded.</summary>
internal sealed class CallStatistics
{
    public const int WindowSize = 1024;

    private readonly Lock _gate = new();
    private readonly double[] _window = new double[WindowSize];
    private int _next;
    private int _count;
    private long _calls;
    private long _errors;
    private long _toolErrors;

    public void Record(TimeSpan latency, bool failed, bool toolError)
    {
        lock (_gate)
        {
            _calls++;
            if (failed)
            {
                _errors++;
            }

            if (toolError)
            {
                _toolErrors++;
            }

            _window[_next] = latency.TotalMilliseconds;
            _next = (_next + 1) % WindowSize;
            _count = Math.Min(_count + 1, WindowSize);
        }
    }

    public Snapshot Read()
    {
        double[] samples;
        long calls, errors, toolErrors;
        lock (_gate)
        {
            samples = _window[.._count];
            calls = _calls;
            errors = _errors;
            toolErrors = _toolErrors;
        }

        Array.Sort(samples);
        return new Snapshot(calls, errors, toolErrors, Percentile(samples, 50), Percentile(samples, 95), Percentile(samples, 99));
    }

    private static double? Percentile(double[] sorted, int percentile)
    {
        if (sorted.Length == 0)
        {
            return null;
        }

        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length);
        return Math.Round(sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)], 3);
    }

    public sealed record Snapshot(long Calls, long Errors, long ToolErrors, double? P50Ms, double? P95Ms, double? P99Ms);
}
