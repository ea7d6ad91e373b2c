using System.Diagnostics;
using System.Globalization;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Functions.Tests.Live;

/// <summary>server-everything over streamable HTTP on a free loopback port (<c>PORT=N node -e &lt;launcher&gt;
/// …/dist/index.js streamableHttp</c>; the launcher binds a bare port to 127.0.0.1, since the package binds every
/// interface, and exits when its stdin closes). Disposal kills it.</summary>
internal sealed class EverythingHttp : IAsyncDisposable
{
    private const string Launcher =
        "const net=require('net');const listen=net.Server.prototype.listen;" +
        "net.Server.prototype.listen=function(...a){if((typeof a[0]==='number'||(typeof a[0]==='string'&&/^\\d+$/.test(a[0])))&&typeof a[1]!=='string'){a.splice(1,0,'127.0.0.1');}return listen.apply(this,a);};" +
        "process.stdin.on('end',()=>process.exit(0));process.stdin.on('error',()=>process.exit(0));process.stdin.resume();" +
        "import(require('url').pathToFileURL(process.argv[1]).href);";

    private readonly Process _process;
    private int _disposed;

    private EverythingHttp(Process process, int port)
    {
        _process = process;
        Endpoint = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/mcp");
    }

    public Uri Endpoint { get; }

    public static async Task<EverythingHttp> StartAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            var start = new ProcessStartInfo("node")
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = Path.GetTempPath(),
            };
            foreach (var argument in new[] { "-e", Launcher, McpServers.EverythingScript, "streamableHttp" })
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["PORT"] = port.ToString(CultureInfo.InvariantCulture);
            var process = new Process { StartInfo = start, EnableRaisingEvents = true };
            var listening = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            void OnLine(string? line)
            {
                if (line is not null && (line.Contains("listening on port", StringComparison.Ordinal) || line.Contains("running on port", StringComparison.Ordinal)))
                {
                    listening.TrySetResult(true);
                }
                else if (line is not null && line.Contains("EADDRINUSE", StringComparison.Ordinal))
                {
                    listening.TrySetResult(false);
                }
            }

            process.OutputDataReceived += (_, e) => OnLine(e.Data);
            process.ErrorDataReceived += (_, e) => OnLine(e.Data);
            process.Exited += (_, _) => listening.TrySetResult(false);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var server = new EverythingHttp(process, port);
            if (await listening.Task.WaitAsync(TimeSpan.FromSeconds(30)))
            {
                return server;
            }

            await server.DisposeAsync();
            if (attempt == 3)
            {
                throw new InvalidOperationException("server-everything over HTTP did not start.");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
