using System.Globalization;

namespace McpOrchestrator.TestSupport;

/// <summary>
/// server-everything over streamable HTTP or SSE on a free loopback port, as
/// <c>PORT=&lt;port&gt; node -e &lt;loopback launcher&gt; …/dist/index.js streamableHttp|sse</c>. The package's
/// Express server binds every interface and has no host setting; the launcher patches <c>net.Server.listen</c> so a
/// bare port binds 127.0.0.1, exits when its stdin closes (the test process died), then imports the package's entry
/// script with the transport argument. Disposal kills it.
/// </summary>
public sealed class EverythingHttpServer : IAsyncDisposable
{
    public const string Launcher =
        "const net=require('net');const listen=net.Server.prototype.listen;" +
        "net.Server.prototype.listen=function(...a){if((typeof a[0]==='number'||(typeof a[0]==='string'&&/^\\d+$/.test(a[0])))&&typeof a[1]!=='string'){a.splice(1,0,'127.0.0.1');}return listen.apply(this,a);};" +
        "process.stdin.on('end',()=>process.exit(0));process.stdin.on('error',()=>process.exit(0));process.stdin.resume();" +
        "import(require('url').pathToFileURL(process.argv[1]).href);";

    private const int StartAttempts = 3;

    private readonly TestProcess _process;

    private EverythingHttpServer(TestProcess process, int port, string mode)
    {
        _process = process;
        Port = port;
        Endpoint = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/{(mode == "sse" ? "sse" : "mcp")}");
    }

    public int Port { get; }

    /// <summary><c>/mcp</c> for streamable HTTP, <c>/sse</c> for SSE.</summary>
    public Uri Endpoint { get; }

    public string Output => _process.Output;

    /// <summary>Starts it (<paramref name="mode"/>: <c>streamableHttp</c> or <c>sse</c>) on <paramref name="port"/>, or
    /// on a free port (tried again on another when it was taken meanwhile), and returns once it listens.</summary>
    public static async Task<EverythingHttpServer> StartAsync(string mode = "streamableHttp", int? port = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            var chosen = port ?? FreePort.Next();
            var process = TestProcess.Start(
                "node",
                ["-e", Launcher, RepositoryPaths.EverythingScript, mode],
                new Dictionary<string, string> { ["PORT"] = chosen.ToString(CultureInfo.InvariantCulture) });
            try
            {
                await process.WaitForLineAsync(@"listening on port \d+|running on port \d+", TimeSpan.FromSeconds(30));
                return new EverythingHttpServer(process, chosen, mode);
            }
            catch (InvalidOperationException) when (attempt < StartAttempts && port is null && process.Output.Contains("EADDRINUSE", StringComparison.Ordinal))
            {
                await process.DisposeAsync();
            }
            catch
            {
                await process.DisposeAsync();
                throw;
            }
        }
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
