using System.Diagnostics;
using System.Globalization;
using System.Text;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Bench;

/// <summary>The <see cref="BaselineHost"/> started the way <see cref="FunctionsAppProcess"/> starts the Functions app
/// (<c>dotnet &lt;dll&gt; --port N</c>, output redirected, ready at the "Application started" line), so that both
/// startups are measured alike. The process tree is killed on dispose and when this process exits; the host also
/// stops by itself when its stdin pipe closes.</summary>
public sealed class BaselineHostProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();

    private BaselineHostProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}") };
    }

    public int Port { get; }

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

    public static async Task<BaselineHostProcess> StartAsync(CancellationToken cancellationToken)
    {
        var port = FreePort.Next();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "McpOrchestrator.Bench.dll"), BaselineHost.Flag,
                     "--port", port.ToString(CultureInfo.InvariantCulture), BaselineHost.StopWhenStdinClosesFlag,
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new BenchFailedException("Could not start the baseline host (dotnet).");
        var host = new BaselineHostProcess(process, port);
        AppDomain.CurrentDomain.ProcessExit += host.OnProcessExit;
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) => host.Capture(e.Data, started);
        process.ErrorDataReceived += (_, e) => host.Capture(e.Data, started);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => started.TrySetException(
            new BenchFailedException($"The baseline host exited with {process.ExitCode} while starting:\n{host.Output}"));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await started.Task.WaitAsync(StartTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            await host.DisposeAsync();
            throw new BenchFailedException($"The baseline host did not start within {StartTimeout.TotalSeconds} s:\n{host.Output}");
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        return host;
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
