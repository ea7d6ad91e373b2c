using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpOrchestrator.Core.Mcp;

/// <summary>Wraps a client transport to keep hold of the session transport it opens (for stdio: the one that owns the
/// child process), so the connector can dispose it (closing stdin, then killing the process tree) even when
/// connecting fails or is cancelled half-way.</summary>
internal sealed class TrackingClientTransport(IClientTransport inner) : IClientTransport
{
    private ITransport? _connected;

    public string Name => inner.Name;

    public async Task<ITransport> ConnectAsync(CancellationToken cancellationToken = default)
    {
        var transport = await inner.ConnectAsync(cancellationToken);
        Volatile.Write(ref _connected, transport);
        return transport;
    }

    /// <summary>Disposes the session transport if one was opened (idempotent; the SDK may have disposed it already).</summary>
    public async ValueTask DisposeConnectedAsync()
    {
        if (Interlocked.Exchange(ref _connected, null) is { } transport)
        {
            await transport.DisposeAsync();
        }
    }
}
