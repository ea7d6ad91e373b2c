using System.Collections.Concurrent;
using ModelContextProtocol.Client;

namespace McpOrchestrator.Bench;

/// <summary>Several connected <see cref="McpClient"/>s of one path, so that concurrent callers are separate MCP clients
/// (their own connection and, where the transport has one, session). Each call takes a free client and gives it back;
/// with no more callers than clients a free one is always there. Disposal disconnects them all.</summary>
public sealed class McpClientPool(IReadOnlyList<McpClient> clients) : IAsyncDisposable
{
    private readonly ConcurrentQueue<McpClient> _free = new(clients);

    public int Count => clients.Count;

    /// <summary>The first client, for checks and the sequential phase.</summary>
    public McpClient First => clients[0];

    /// <summary>Runs <paramref name="call"/> on a client no other caller is using.</summary>
    public async Task RunAsync(Func<McpClient, CancellationToken, Task> call, CancellationToken cancellationToken)
    {
        if (!_free.TryDequeue(out var client))
        {
            throw new InvalidOperationException($"More concurrent callers than the {clients.Count} clients of the pool.");
        }

        try
        {
            await call(client, cancellationToken);
        }
        finally
        {
            _free.Enqueue(client);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
    }
}
