using System.Net;
using System.Net.Sockets;

namespace McpOrchestrator.TestSupport;

/// <summary>Picks TCP ports on the loopback interface for child processes that tests start.</summary>
public static class FreePort
{
    // Below Linux's default ephemeral range (32768-60999): a port handed out here is never the one the OS picks
    // for a port-0 listener or an outgoing connection a moment later (the local host binds several port-0 listeners,
    // and its worker one, before it opens the port it was given).
    private const int First = 20000;
    private const int Last = 32000;
    private static int _next = First + Random.Shared.Next(Last - First);

    /// <summary>A port on 127.0.0.1 that was free a moment ago, outside the ephemeral range, and not handed out
    /// before by this process (unless it went round the whole range).</summary>
    public static int Next()
    {
        for (var attempt = 0; attempt < Last - First; attempt++)
        {
            var port = First + (Interlocked.Increment(ref _next) % (Last - First));
            var listener = new TcpListener(IPAddress.Loopback, port);
            try
            {
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // In use: try the next one.
            }
            finally
            {
                listener.Stop();
            }
        }

        throw new InvalidOperationException($"No free port on 127.0.0.1 from {First} to {Last}.");
    }
}
