using System.Net;
using System.Net.Sockets;

namespace McpOrchestrator.TestSupport;

/// <summary>Picks TCP ports on the loopback interface for child processes that tests start.</summary>
public static class FreePort
{
    /// <summary>A port on 127.0.0.1 that was free a moment ago (the OS chose it; it is released before returning).</summary>
    public static int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
