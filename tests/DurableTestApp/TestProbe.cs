using System.Collections.Concurrent;

namespace McpOrchestrator.DurableTestApp;

/// <summary>What the test functions report about themselves, in memory, so that tests can assert how often and where
/// orchestrators and activities ran. Recording does not influence what the orchestrators do (except
/// <see cref="Drift"/>, which exists to make one orchestrator non-deterministic on purpose).</summary>
public sealed class TestProbe
{
    private readonly ConcurrentQueue<ActivityRun> _activityRuns = new();
    private readonly ConcurrentDictionary<string, int> _attempts = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _replays = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _completions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Gauge> _gauges = new(StringComparer.Ordinal);

    /// <summary>When set, <see cref="ScenarioOrchestrators.Drifting"/> calls a different activity than before.</summary>
    public bool Drift { get; set; }

    public IReadOnlyList<ActivityRun> ActivityRuns => [.. _activityRuns];

    public void RecordActivity(string activity, string instanceId, string host, string detail) =>
        _activityRuns.Enqueue(new ActivityRun(activity, instanceId, host, detail));

    /// <summary>Counts this attempt of <paramref name="key"/> and returns its number (1 for the first).</summary>
    public int NextAttempt(string key) => _attempts.AddOrUpdate(key, 1, (_, n) => n + 1);

    public int Attempts(string key) => _attempts.GetValueOrDefault(key);

    public void RecordOrchestratorRun(string instanceId, bool replaying)
    {
        if (replaying)
        {
            _replays.AddOrUpdate(instanceId, 1, (_, n) => n + 1);
        }
    }

    public int Replays(string instanceId) => _replays.GetValueOrDefault(instanceId);

    /// <summary>Called by an orchestrator's last statement when it is not replaying: once per completion.</summary>
    public void RecordCompletion(string instanceId) => _completions.AddOrUpdate(instanceId, 1, (_, n) => n + 1);

    public IReadOnlyDictionary<string, int> Completions => _completions;

    /// <summary>Marks one more concurrent run of <paramref name="name"/> until the result is disposed.</summary>
    public IDisposable Enter(string name)
    {
        var gauge = _gauges.GetOrAdd(name, _ => new Gauge());
        gauge.Enter();
        return gauge;
    }

    public int MaxConcurrency(string name) => _gauges.TryGetValue(name, out var gauge) ? gauge.Max : 0;

    private sealed class Gauge : IDisposable
    {
        private int _current;
        private int _max;

        public int Max => Volatile.Read(ref _max);

        public void Enter()
        {
            var now = Interlocked.Increment(ref _current);
            int seen;
            while (now > (seen = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, now, seen) != seen)
            {
            }
        }

        public void Dispose() => Interlocked.Decrement(ref _current);
    }
}
