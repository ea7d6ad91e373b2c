using System.Collections.Concurrent;

namespace McpOrchestrator.LocalHost.Worker;

/// <summary>Channels waiting for their worker to connect, by worker id (each launch has its own).</summary>
internal sealed class WorkerChannelRegistry
{
    private readonly ConcurrentDictionary<string, WorkerChannel> _channels = new(StringComparer.Ordinal);

    public void Add(WorkerChannel channel) => _channels[channel.WorkerId] = channel;

    public void Remove(WorkerChannel channel) => _channels.TryRemove(new KeyValuePair<string, WorkerChannel>(channel.WorkerId, channel));

    public WorkerChannel? Find(string workerId) => _channels.GetValueOrDefault(workerId);
}
