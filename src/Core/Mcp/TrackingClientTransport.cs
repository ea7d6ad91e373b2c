using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpOrchestrator.Core.Mcp;

/// <summary>Wraps a client transport to keep hold of the session transport it opens (for stdio: the one that owns the
/// child process), so the connector can dispose it (closing stdin, then killing the process tree) even when
/// connecting fails or is cancelled half-way. A stdio server started in a group of its own
/// (<see cref="StdioProcessGroup"/>, <paramref name="launch"/> set) has its whole group killed after that, so a daemon
/// it double-forked goes too.</summary>
internal sealed class TrackingClientTransport(IClientTransport inner, string? launch = null) : IClientTransport
{
    private ITransport? _connected;
    private int _leader;
    private int _killed;

    public string Name => inner.Name;

    public async Task<ITransport> ConnectAsync(CancellationToken cancellationToken = default)
    {
        var transport = await inner.ConnectAsync(cancellationToken);
        Volatile.Write(ref _connected, transport);

        // The process has been started (exec'd the launcher) by now, so it is found unless it already exited or is
        // between two execs; then its group is found from what carries the launch's variable when the session ends.
        if (launch is not null && StdioProcessGroup.FindLeader(launch) is { } leader)
        {
            Volatile.Write(ref _leader, leader);
        }

        return transport;
    }

    /// <summary>Disposes the session transport if one was opened, then kills the server's process group if it has
    /// one (idempotent; the SDK may have disposed the transport already).</summary>
    public async ValueTask DisposeConnectedAsync()
    {
        try
        {
            if (Interlocked.Exchange(ref _connected, null) is { } transport)
            {
                await transport.DisposeAsync();
            }
        }
        finally
        {
            if (launch is not null && Interlocked.Exchange(ref _killed, 1) == 0)
            {
                StdioProcessGroup.Kill(launch, Volatile.Read(ref _leader) is var leader and > 0 ? leader : null);
            }
        }
    }
}
