using System.Collections.Concurrent;

namespace McpOrchestrator.LocalHost.Durable;

/// <summary>Wakes the sidecar's waiters (WaitForInstanceStart/Completion, RaiseEvent before start) when this host has
/// just checkpointed an instance, so they re-read its state at once instead of polling the tables.</summary>
internal sealed class InstanceSignals
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _changes = new(StringComparer.Ordinal);

    /// <summary>A task that completes at the next change of <paramref name="instanceId"/>. Take it before reading the
    /// state, so a change between the read and the wait is not missed.</summary>
    public Task NextChange(string instanceId) =>
        _changes.GetOrAdd(instanceId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Changed(string instanceId)
    {
        if (_changes.TryRemove(instanceId, out var change))
        {
            change.TrySetResult();
        }
    }
}
