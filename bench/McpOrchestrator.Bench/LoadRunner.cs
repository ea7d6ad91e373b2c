using System.Diagnostics;

namespace McpOrchestrator.Bench;

/// <summary>Runs one operation a fixed number of times from a fixed number of concurrent callers, each caller
/// starting its next call when its previous one has completed (closed loop), and logs each call's latency.</summary>
public static class LoadRunner
{
    /// <summary>Runs <paramref name="count"/> calls; bounded by the count and by <paramref name="cancellationToken"/>.</summary>
    public static async Task RunAsync(Func<CancellationToken, Task> operation, int count, LatencyLog log, CancellationToken cancellationToken)
    {
        var issued = 0;
        var started = Stopwatch.GetTimestamp();
        var callers = new Task[Math.Min(log.Clients, count)];
        for (var i = 0; i < callers.Length; i++)
        {
            callers[i] = Task.Run(
                async () =>
                {
                    while (Interlocked.Increment(ref issued) <= count)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        var before = Stopwatch.GetTimestamp();
                        await operation(cancellationToken);
                        log.Record(Stopwatch.GetTimestamp() - before);
                    }
                },
                cancellationToken);
        }

        await Task.WhenAll(callers);
        log.AddWallTime(Stopwatch.GetTimestamp() - started);
    }

    /// <summary>Calls that are not measured: JIT, connection pools and caches on both sides get warm.</summary>
    public static async Task WarmUpAsync(Func<CancellationToken, Task> operation, int count, int clients, CancellationToken cancellationToken) =>
        await RunAsync(operation, count, new LatencyLog("warm-up", clients, count), cancellationToken);

    /// <summary>Warm-up of at least <paramref name="count"/> calls that also lasts at least <paramref name="minimum"/>:
    /// a freshly started process keeps recompiling its hot methods (tiered JIT) for seconds of traffic, and a path
    /// through two processes (the local host and its worker) takes longer to settle than one process does.</summary>
    public static async Task WarmUpAsync(Func<CancellationToken, Task> operation, int count, int clients, TimeSpan minimum, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        do
        {
            await WarmUpAsync(operation, count, clients, cancellationToken);
        }
        while (Stopwatch.GetElapsedTime(started) < minimum);
    }
}
