using System.ComponentModel;

namespace Microsoft.DurableTask.Client;

/// <summary>Starts, queries, signals, terminates and purges orchestration instances of one task hub. Bound into
/// functions with <c>[DurableClient]</c>. Safe to share between threads.</summary>
public abstract class DurableTaskClient : IAsyncDisposable
{
    protected DurableTaskClient(string name)
    {
        Name = name;
    }

    /// <summary>The client's name (the task hub it talks to).</summary>
    public string Name { get; }

    public virtual Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, CancellationToken cancellation)
        => ScheduleNewOrchestrationInstanceAsync(orchestratorName, null, null, cancellation);

    public virtual Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input, CancellationToken cancellation)
        => ScheduleNewOrchestrationInstanceAsync(orchestratorName, input, null, cancellation);

    public virtual Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, StartOrchestrationOptions options, CancellationToken cancellation = default)
        => ScheduleNewOrchestrationInstanceAsync(orchestratorName, null, options, cancellation);

    /// <summary>Schedules a new instance (Pending until it first runs) and returns its id: <paramref name="options"/>'
    /// <see cref="StartOrchestrationOptions.InstanceId"/>, or a new GUID in "N" format.</summary>
    public abstract Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default);

    public virtual Task RaiseEventAsync(string instanceId, string eventName, CancellationToken cancellation)
        => RaiseEventAsync(instanceId, eventName, null, cancellation);

    /// <summary>Sends an event to an instance; events for a completed or unknown instance are discarded.</summary>
    public abstract Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default);

    public virtual Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, CancellationToken cancellation)
        => WaitForInstanceCompletionAsync(instanceId, false, cancellation);

    /// <summary>Waits until the instance is Completed, Failed or Terminated; waits until cancelled otherwise.</summary>
    public abstract Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(
        string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default);

    public virtual Task TerminateInstanceAsync(string instanceId, CancellationToken cancellation)
        => TerminateInstanceAsync(instanceId, (TerminateInstanceOptions?)null, cancellation);

    public virtual Task TerminateInstanceAsync(string instanceId, object? output, CancellationToken cancellation = default)
    {
        var options = output is null ? null : new TerminateInstanceOptions { Output = output };
        return TerminateInstanceAsync(instanceId, options, cancellation);
    }

    /// <summary>Terminates the instance (status Terminated); does nothing to a completed or unknown instance.</summary>
    public virtual Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default)
        => throw new NotSupportedException($"{GetType()} does not support orchestration termination.");

    public virtual Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, CancellationToken cancellation)
        => GetInstanceAsync(instanceId, false, cancellation);

    /// <summary>The instance's metadata, or null when there is no such instance.</summary>
    public virtual Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
        => GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation);

    [EditorBrowsable(EditorBrowsableState.Never)]
    public virtual Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, CancellationToken cancellation)
        => GetInstancesAsync(instanceId, false, cancellation);

    [EditorBrowsable(EditorBrowsableState.Never)]
    public abstract Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default);

    public virtual Task<PurgeResult> PurgeInstanceAsync(string instanceId, CancellationToken cancellation)
        => PurgeInstanceAsync(instanceId, null, cancellation);

    /// <summary>Deletes a Completed, Failed or Terminated instance and its history; a count of 0 when the instance is
    /// unknown or still running.</summary>
    public virtual Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
        => throw new NotSupportedException($"{GetType()} does not support purging of orchestration instances.");

    public abstract ValueTask DisposeAsync();
}
