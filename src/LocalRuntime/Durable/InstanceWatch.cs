using System.Collections.Concurrent;

namespace McpOrchestrator.LocalRuntime.Durable;

/// <summary>Tells in-process waiters (<c>WaitForInstanceCompletionAsync</c>) that an instance changed on this host,
/// so that they look at once instead of at their next poll.</summary>
internal sealed class InstanceWatch
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _changes = new(StringComparer.Ordinal);

    /// <summary>A task that completes at the instance's next change on this host.</summary>
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
