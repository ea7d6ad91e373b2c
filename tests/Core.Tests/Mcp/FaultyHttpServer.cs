using System.Globalization;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Core.Tests.Mcp;

/// <summary>The FaultyMcpServer over stateless streamable HTTP: <c>dotnet McpOrchestrator.FaultyMcpServer.dll http
/// --port 0 [switches]</c>; the OS picks the loopback port and the server prints it.</summary>
internal sealed class FaultyHttpServer : IAsyncDisposable
{
    private readonly TestProcess _process;

    private FaultyHttpServer(TestProcess process, Uri endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    public int Port => Endpoint.Port;

    public string Output => _process.Output;

    public bool HasExited => _process.HasExited;

    public static async Task<FaultyHttpServer> StartAsync(int port = 0, params string[] switches)
    {
        var process = TestProcess.Start("dotnet", [TestServers.FaultyServerDll, "http", "--port", port.ToString(CultureInfo.InvariantCulture), .. switches]);
        try
        {
            var line = await process.WaitForLineAsync(@"listening on (\S+)", TimeSpan.FromSeconds(30));
            return new FaultyHttpServer(process, new Uri(line.Groups[1].Value));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
