using System.Collections.Concurrent;
using System.Globalization;

namespace McpOrchestrator.LocalRuntime.Durable;

/// <summary>This host's view of its task hub: the settings, the store, the functions, the clock, the identity under
/// which it takes leases, and the in-process signals between the client and the dispatchers.</summary>
internal sealed class DurableTaskHub(DurableTaskHubOptions options, DurableStore store, DurableFunctionRegistry functions, TimeProvider clock)
{
    public DurableTaskHubOptions Options { get; } = options;

    public DurableStore Store { get; } = store;

    public DurableFunctionRegistry Functions { get; } = functions;

    /// <summary>The engine's clock: orchestration time, timers and leases.</summary>
    public TimeProvider Clock { get; } = clock;

    /// <summary>Unique per process, so that a restarted host never mistakes its predecessor's leases for its own.</summary>
    public string HostId { get; } = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}");

    public WorkSignal Orchestrations { get; } = new();

    public WorkSignal Activities { get; } = new();

    public InstanceWatch Watch { get; } = new();

    /// <summary>Wake-up rows this host just wrote (activity results), handed to its orchestration dispatcher so that it
    /// need not query for them. Hints only: a stale one fails its conditional write and the next query finds the work.</summary>
    public ConcurrentQueue<WakeRow> WakeHints { get; } = new();

    /// <summary>Activity work items this host just wrote (with their ETags), handed to its activity dispatcher likewise.</summary>
    public ConcurrentQueue<ActivityWorkItem> ActivityHints { get; } = new();
}
