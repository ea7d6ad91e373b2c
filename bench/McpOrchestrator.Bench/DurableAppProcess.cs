using System.Diagnostics;
using System.Globalization;
using System.Text;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Bench;

/// <summary>The Durable test app (tests/DurableTestApp, built with the bench in the same configuration) started as
/// <c>dotnet McpOrchestrator.DurableTestApp.dll --port N</c> against the run's Azurite, ready at its "Application
/// started" line. Killed (process tree) on dispose and when this process exits.</summary>
public sealed class DurableAppProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();

    private DurableAppProcess(Process process, int port)
    {
        _process = process;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}") };
    }

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

    /// <summary>The app's build output folder, in the bench's own configuration.</summary>
    public static string AppDirectory
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
            var directory = Path.Combine(RepositoryPaths.Root, "tests", "DurableTestApp", "bin", configuration, "net10.0");
            return File.Exists(Path.Combine(directory, "McpOrchestrator.DurableTestApp.dll"))
                ? directory
                : throw new BenchFailedException($"The Durable test app is not built in {directory}. Run 'dotnet build -c {configuration} bench/McpOrchestrator.Bench'.");
        }
    }

    public static async Task<DurableAppProcess> StartAsync(IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var port = FreePort.Next();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppDirectory, "McpOrchestrator.DurableTestApp.dll"));
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new BenchFailedException("Could not start the Durable test app (dotnet).");
        var app = new DurableAppProcess(process, port);
        AppDomain.CurrentDomain.ProcessExit += app.OnProcessExit;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) => app.Capture(e.Data, started);
        process.ErrorDataReceived += (_, e) => app.Capture(e.Data, started);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => started.TrySetException(
            new BenchFailedException($"The Durable test app exited with {process.ExitCode} while starting:\n{app.Output}"));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await started.Task.WaitAsync(StartTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            await app.DisposeAsync();
            throw new BenchFailedException($"The Durable test app did not start within {StartTimeout.TotalSeconds} s:\n{app.Output}");
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return app;
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        Client.Dispose();
        Kill();
        await _process.WaitForExitAsync(CancellationToken.None);
        _process.Dispose();
    }

    private void Capture(string? line, TaskCompletionSource started)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.AppendLine(line);
        }

        if (line.Contains("Application started", StringComparison.Ordinal))
        {
            started.TrySetResult();
        }
    }

    private void OnProcessExit(object? sender, EventArgs e) => Kill();

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
