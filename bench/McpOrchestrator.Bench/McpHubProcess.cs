using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Bench;

/// <summary>
/// npm <c>mcp-hub</c> (ravitemer/mcp-hub) routing one stdio server, for comparison: <c>node -e &lt;loopback launcher&gt;
/// cli.js --port N --config &lt;file&gt;</c>, its REST route <c>POST /api/servers/tools</c> and its MCP endpoint
/// <see cref="McpEndpoint"/>. mcp-hub is pinned in the root
/// package.json (installed by <c>npm ci</c>); <c>MCPO_BENCH_MCP_HUB</c> may name another <c>dist/cli.js</c>. mcp-hub binds every interface; the launcher makes a bare-port <c>listen</c> bind 127.0.0.1 and
/// exits when its stdin closes (the bench died). Disposal kills the process tree (mcp-hub and its server).
/// </summary>
public sealed class McpHubProcess : IAsyncDisposable
{
    public const string LocationVariable = "MCPO_BENCH_MCP_HUB";

    private const string Launcher =
        "const net=require('net');const listen=net.Server.prototype.listen;" +
        "net.Server.prototype.listen=function(...a){if((typeof a[0]==='number'||(typeof a[0]==='string'&&/^\\d+$/.test(a[0])))&&typeof a[1]!=='string'){a.splice(1,0,'127.0.0.1');}" +
        "else if(a[0]&&typeof a[0]==='object'&&a[0].port!==undefined&&!a[0].host){a[0].host='127.0.0.1';}return listen.apply(this,a);};" +
        "process.stdin.on('end',()=>process.exit(0));process.stdin.on('error',()=>process.exit(0));process.stdin.resume();" +
        "import(require('url').pathToFileURL(process.argv[1]).href);";

    private readonly Process _process;
    private readonly string _configFile;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();
    private int _disposed;

    private McpHubProcess(Process process, int port, string configFile)
    {
        _process = process;
        _configFile = configFile;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}") };
    }

    public HttpClient Client { get; }

    /// <summary>The node process running mcp-hub (its servers are its children).</summary>
    public int ProcessId => _process.Id;

    /// <summary>mcp-hub's MCP endpoint, <c>/mcp</c>: the legacy HTTP+SSE transport (protocol 2024-11-05), not Streamable
    /// HTTP: <c>GET /mcp</c> opens a session's event stream, each message is a <c>POST /messages?sessionId=…</c> answered
    /// 202 whose response arrives on that stream. Tools are named <c>{server}__{tool}</c>, every character of the server
    /// name outside [A-Za-z0-9] replaced by <c>_</c>.</summary>
    public Uri McpEndpoint => new(Client.BaseAddress!, "/mcp");

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>mcp-hub's <c>dist/cli.js</c>, or null when it is not installed.</summary>
    public static string? Locate()
    {
        var configured = Environment.GetEnvironmentVariable(LocationVariable);
        var path = string.IsNullOrEmpty(configured)
            ? Path.Combine(RepositoryPaths.Root, "node_modules", "mcp-hub", "dist", "cli.js")
            : configured;
        return File.Exists(path) ? path : null;
    }

    /// <summary>The installed version (from its package.json next to dist/).</summary>
    public static string Version(string cli)
    {
        var package = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(cli)!)!, "package.json");
        using var document = JsonDocument.Parse(File.ReadAllText(package));
        return document.RootElement.GetProperty("version").GetString() ?? "?";
    }

    /// <summary>Starts mcp-hub with one stdio server, <paramref name="name"/> = <c>node &lt;script&gt; stdio</c>, and
    /// returns once that server is connected.</summary>
    public static async Task<McpHubProcess> StartAsync(string cli, string name, string script, CancellationToken cancellationToken)
    {
        var port = FreePort.Next();
        var config = Path.Combine(Path.GetTempPath(), $"mcpo-bench-hub-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(
            config,
            JsonSerializer.Serialize(new { mcpServers = new Dictionary<string, object> { [name] = new { command = "node", args = new[] { script, "stdio" } } } }),
            cancellationToken);
        var start = new ProcessStartInfo("node")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in new[] { "-e", Launcher, cli, "--port", port.ToString(CultureInfo.InvariantCulture), "--config", config })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new BenchFailedException("Could not start mcp-hub (node).");
        var hub = new McpHubProcess(process, port, config);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => hub.Kill();
        process.OutputDataReceived += (_, e) => hub.Capture(e.Data);
        process.ErrorDataReceived += (_, e) => hub.Capture(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await hub.WaitConnectedAsync(name, cancellationToken);
            return hub;
        }
        catch
        {
            await hub.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        Client.Dispose();
        Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        File.Delete(_configFile);
    }

    /// <summary>Polls <c>GET /api/health</c> every 100 ms until the hub is ready and the server connected (mcp-hub has
    /// no other signal), within 60 s. Ready matters for <see cref="McpEndpoint"/>: the hub registers the servers' tools
    /// there when it turns ready.</summary>
    private async Task WaitConnectedAsync(string name, CancellationToken cancellationToken)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new BenchFailedException($"mcp-hub exited with {_process.ExitCode} while starting:\n{Output}");
            }

            try
            {
                using var response = await Client.GetAsync("/api/health", cancellationToken);
                using var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
                if (health.RootElement.TryGetProperty("state", out var state) && state.GetString() == "ready"
                    && health.RootElement.TryGetProperty("servers", out var servers)
                    && servers.EnumerateArray().Any(s => s.GetProperty("name").GetString() == name && s.GetProperty("status").GetString() == "connected"))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > until)
            {
                throw new BenchFailedException($"mcp-hub did not connect {name} within 60 s:\n{Output}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private void Capture(string? line)
    {
        if (line is not null)
        {
            lock (_gate)
            {
                _output.AppendLine(line);
            }
        }
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
