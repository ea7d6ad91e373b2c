using Microsoft.DurableTask.Client;

namespace McpOrchestrator.LocalRuntime.Tests.Durable;

/// <summary>Waits on instance state with deadlines, never with sleeps: completion through the client's own wait, and
/// intermediate states by polling the instance until a condition holds.</summary>
internal static class DurableWait
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public static async Task<OrchestrationMetadata> CompletionAsync(DurableTaskClient client, string instanceId, TimeSpan? deadline = null)
    {
        using var timeout = new CancellationTokenSource(deadline ?? Deadline);
        try
        {
            return await client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            var last = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
            throw new TimeoutException($"Instance {instanceId} did not complete within {(deadline ?? Deadline).TotalSeconds} s; last seen: {last}, custom status {last?.SerializedCustomStatus}.");
        }
    }

    /// <summary>Polls the instance (with inputs and outputs) until <paramref name="condition"/> holds.</summary>
    public static async Task<OrchestrationMetadata> UntilAsync(DurableTaskClient client, string instanceId, Func<OrchestrationMetadata, bool> condition, TimeSpan? deadline = null)
    {
        using var timeout = new CancellationTokenSource(deadline ?? Deadline);
        OrchestrationMetadata? last = null;
        var pause = TimeSpan.FromMilliseconds(10);
        while (!timeout.IsCancellationRequested)
        {
            last = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, timeout.Token);
            if (last is not null && condition(last))
            {
                return last;
            }

            try
            {
                await Task.Delay(pause, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            pause = pause * 2 < TimeSpan.FromMilliseconds(200) ? pause * 2 : TimeSpan.FromMilliseconds(200);
        }

        throw new TimeoutException($"Instance {instanceId} did not reach the expected state within {(deadline ?? Deadline).TotalSeconds} s; last seen: {last}, custom status {last?.SerializedCustomStatus}.");
    }
}
