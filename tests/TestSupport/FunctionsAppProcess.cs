using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace McpOrchestrator.TestSupport;

/// <summary>A process of ours started as its user starts it, with extra environment variables: the built Functions
/// app under the local host (<see cref="StartAsync"/>), or any dll (<see cref="StartDllAsync"/>). Waits for the
/// "Application started" line; kills the process tree on dispose.</summary>
public sealed class FunctionsAppProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();
    private int _disposed;
    private readonly List<(System.Text.RegularExpressions.Regex Pattern, TaskCompletionSource<string> Seen)> _lineWaiters = [];

    private FunctionsAppProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}") };
    }

    public int Port { get; }

    /// <summary>The process this started: the local host, for the app (its worker and their children are its descendants).</summary>
    public int ProcessId => _process.Id;

    public HttpClient Client { get; }

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

    /// <summary>The Functions app's build output folder, in the configuration the tests were built in.</summary>
    public static string AppDirectory => BuildOutput("src/Functions", "McpOrchestrator.Functions.dll");

    /// <summary>The local Functions host (src/LocalHost) that plays Core Tools' part, from its build output.</summary>
    public static string LocalHostDll => Path.Combine(BuildOutput("src/LocalHost", "McpOrchestrator.LocalHost.dll"), "McpOrchestrator.LocalHost.dll");

    /// <summary>The product as its user runs it: the built Functions app under the local host
    /// (<c>McpOrchestrator.LocalHost --script-root &lt;app output&gt; --port N</c>).</summary>
    public static Task<FunctionsAppProcess> StartAsync(IReadOnlyDictionary<string, string> environment, int? port = null) =>
        StartAppAsync(AppDirectory, environment, port);

    /// <summary>Any isolated Functions app's build output under the local host.</summary>
    public static Task<FunctionsAppProcess> StartAppAsync(string appDirectory, IReadOnlyDictionary<string, string> environment, int? port = null) =>
        StartDllAsync(LocalHostDll, ["--script-root", appDirectory, "--no-build"], environment, port);

    /// <summary>The build output folder of a project of this repository, in the configuration the tests were built in.</summary>
    public static string BuildOutput(string projectFolder, string assemblyFile)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var directory = Path.Combine(RepositoryPaths.Root, projectFolder, "bin", configuration, "net10.0");
        return File.Exists(Path.Combine(directory, assemblyFile))
            ? directory
            : throw new FileNotFoundException($"{assemblyFile} is not built in {directory}. Run 'dotnet build' in the repository root.");
    }

    /// <summary>Starts any ASP.NET Core or local-runtime app the same way: <c>dotnet &lt;dll&gt; [arguments] --port N</c>
    /// from the dll's folder, ready at its "Application started" line.</summary>
    public static async Task<FunctionsAppProcess> StartDllAsync(
        string dllPath, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment, int? port = null, CancellationToken cancellationToken = default)
    {
        var chosen = port ?? FreePort.Next();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dllPath)!,

            // A pipe that closes when this process dies: apps that watch stdin (the bench's baseline host) stop then.
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dllPath);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--port");
        start.ArgumentList.Add(chosen.ToString(CultureInfo.InvariantCulture));
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var appName = Path.GetFileNameWithoutExtension(dllPath);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {appName}.");
        var app = new FunctionsAppProcess(process, chosen);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) => app.Capture(e.Data, started);
        process.ErrorDataReceived += (_, e) => app.Capture(e.Data, started);
        process.EnableRaisingEvents = true;
        process.Exited += async (_, _) =>
        {
            // Exited can be raised before the last lines of stdout and stderr were read; WaitForExitAsync returns once
            // both have reached end of file (bounded, in case a child still holds them), so the message holds the
            // app's last words.
            if (started.Task.IsCompleted)
            {
                return;
            }

            try
            {
                using var drained = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await process.WaitForExitAsync(drained.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                started.TrySetException(new InvalidOperationException($"{appName} exited with {process.ExitCode} while starting:\n{app.Output}"));
            }
            catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
            {
                started.TrySetException(new InvalidOperationException($"{appName} exited while starting:\n{app.Output}"));
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => app.Kill();
        try
        {
            await started.Task.WaitAsync(StartTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            await app.DisposeAsync();
            throw new TimeoutException($"{appName} did not start within {StartTimeout.TotalSeconds} s:\n{app.Output}");
        }
        catch (OperationCanceledException)
        {
            await app.DisposeAsync();
            throw;
        }

        return app;
    }

    /// <summary>Completes with the first output line (already printed or still to come) that matches <paramref name="pattern"/>.</summary>
    public Task<string> WaitForLineAsync(string pattern, TimeSpan? timeout = null)
    {
        var regex = new System.Text.RegularExpressions.Regex(pattern);
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            var existing = _output.ToString().Split('\n').FirstOrDefault(regex.IsMatch);
            if (existing is not null)
            {
                return Task.FromResult(existing);
            }

            _lineWaiters.Add((regex, seen));
        }

        return seen.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(30));
    }

    /// <summary>Stops the service as a host stopping it does: SIGTERM, then waits for the process to exit (the local
    /// host drains, stops the worker and releases its Durable leases); kills it if it has not exited by then.</summary>
    public async Task StopGracefullyAsync(TimeSpan grace)
    {
        if (!_process.HasExited)
        {
            using var signal = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
            await signal.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(grace);
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // Did not stop in time: DisposeAsync kills it.
            }
        }

        await DisposeAsync();
    }

    /// <summary>Stops the service (idempotent): kills its process tree and waits for it to exit.</summary>
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
    }

    private void Capture(string? line, TaskCompletionSource started)
    {
        if (line is null)
        {
            return;
        }

        List<TaskCompletionSource<string>> matched = [];
        lock (_gate)
        {
            _output.AppendLine(line);
            foreach (var waiter in _lineWaiters.Where(w => w.Pattern.IsMatch(line)).ToList())
            {
                _lineWaiters.Remove(waiter);
                matched.Add(waiter.Seen);
            }
        }

        foreach (var seen in matched)
        {
            seen.TrySetResult(line);
        }

        if (line.Contains("Application started", StringComparison.Ordinal))
        {
            started.TrySetResult();
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
