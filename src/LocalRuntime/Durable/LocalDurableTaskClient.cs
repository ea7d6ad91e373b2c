using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace McpOrchestrator.LocalRuntime.Durable;

/// <summary>The <see cref="DurableTaskClient"/> of the local runtime: works directly on the engine's table, and wakes
/// this host's dispatchers when it creates work for them.</summary>
internal sealed class LocalDurableTaskClient(DurableStore store, DurableTaskHub? local, TimeProvider clock, Func<string?> httpBaseUrl, string connectionName)
    : DurableTaskClient(store.Hub)
{
    // Completion waits poll on the real clock: a test clock must not be able to stall a caller's wait.
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxPoll = TimeSpan.FromSeconds(1);

    /// <summary>The task hub's base URL for the built-in HTTP API, e.g. <c>http://127.0.0.1:7071/runtime/webhooks/durabletask</c>;
    /// null before the host listens.</summary>
    internal string? HttpBaseUrl => httpBaseUrl();

    /// <summary>The query string every management URL carries, as the Functions host adds it.</summary>
    internal string QueryString => $"taskHub={Uri.EscapeDataString(store.Hub)}&connection={Uri.EscapeDataString(connectionName)}";

    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        if (string.IsNullOrEmpty(orchestratorName.Name))
        {
            throw new ArgumentNullException(nameof(orchestratorName), "An orchestrator name is required.");
        }

        if (local is not null && local.Functions.Orchestrator(orchestratorName.Name) is null)
        {
            throw new ArgumentException($"The function '{orchestratorName.Name}' doesn't exist, is disabled, or is not an orchestrator function.", nameof(orchestratorName));
        }

        var instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        DurableKeys.ValidateInstanceId(instanceId);
        var now = clock.GetUtcNow();
        var startAt = options?.StartAt is { } at && at > now ? at : now;
        var wake = await store.CreateInstanceAsync(instanceId, local?.Functions.Orchestrator(orchestratorName.Name)?.Name ?? orchestratorName.Name,
            DurableJson.Converter.Serialize(input), now, startAt, cancellation);
        Wake(wake);
        return instanceId;
    }

    public override async Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        DurableKeys.ValidateInstanceId(instanceId);
        var instance = await store.GetInstanceAsync(instanceId, cancellation);
        if (instance is null || instance.IsTerminal)
        {
            return;
        }

        Wake(await store.SendAsync(instanceId, MessageKind.ExternalEvent, eventName, DurableJson.Converter.Serialize(eventPayload), clock.GetUtcNow(), cancellation));
    }

    public override async Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        DurableKeys.ValidateInstanceId(instanceId);
        var instance = await store.GetInstanceAsync(instanceId, cancellation);
        if (instance is null || instance.IsTerminal)
        {
            return;
        }

        Wake(await store.SendAsync(instanceId, MessageKind.Terminate, null, DurableJson.Converter.Serialize(options?.Output), clock.GetUtcNow(), cancellation));
    }

    public override async Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        DurableKeys.ValidateInstanceId(instanceId);
        var instance = await store.GetInstanceAsync(instanceId, cancellation);
        return instance is null ? null : ToMetadata(instance, getInputsAndOutputs);
    }

    public override async Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(
        string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        var poll = FirstPoll;
        while (true)
        {
            var change = local?.Watch.NextChange(instanceId) ?? Task.CompletedTask;
            var metadata = await GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation);
            if (metadata is null || metadata.IsCompleted)
            {
                return metadata!;
            }

            try
            {
                await change.WaitAsync(poll, TimeProvider.System, cancellation);
            }
            catch (TimeoutException)
            {
                poll = poll * 2 < MaxPoll ? poll * 2 : MaxPoll;
            }
        }
    }

    public override async Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        DurableKeys.ValidateInstanceId(instanceId);
        var instance = await store.GetInstanceAsync(instanceId, cancellation);
        if (instance is null || !instance.IsTerminal)
        {
            return new PurgeResult(0, isComplete: true);
        }

        return new PurgeResult(await store.PurgeAsync(instanceId, cancellation), isComplete: true);
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    // Hands the wake-up to this host's dispatcher, if the client belongs to a host of the hub.
    private void Wake(WakeRow wake)
    {
        if (local is not null)
        {
            local.WakeHints.Enqueue(wake);
            local.Orchestrations.Poke();
        }
    }

    internal static OrchestrationMetadata ToMetadata(InstanceRecord instance, bool getInputsAndOutputs) => new(instance.Name, instance.InstanceId)
    {
        RuntimeStatus = instance.Status,
        CreatedAt = instance.CreatedAt,
        LastUpdatedAt = instance.LastUpdatedAt,
        SerializedInput = getInputsAndOutputs ? instance.Input : null,
        SerializedOutput = getInputsAndOutputs ? instance.Output : null,
        SerializedCustomStatus = getInputsAndOutputs ? instance.CustomStatus : null,
        FailureDetails = getInputsAndOutputs ? instance.Failure : null,
        DataConverter = getInputsAndOutputs ? DurableJson.Converter : null,
    };
}
