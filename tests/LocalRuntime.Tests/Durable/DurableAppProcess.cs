using System.Diagnostics;
using System.Globalization;
using System.Text;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.LocalRuntime.Tests.Durable;

/// <summary>The Durable test app run as its own process (<c>dotnet McpOrchestrator.DurableTestApp.dll --port N</c>
/// from its build output), so that a test can kill it outright (SIGKILL, no shutdown) at any moment.</summary>
public sealed class DurableAppProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();

    private DurableAppProcess(Process process) => _process = process;

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

    public static async Task<DurableAppProcess> StartAsync(IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = DurableTestAppFolder.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(DurableTestAppFolder.Path, DurableTestAppFolder.AssemblyFileName));
        start.ArgumentList.Add("--port");
        start.ArgumentList.Add(FreePort.Next().ToString(CultureInfo.InvariantCulture));
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the Durable test app.");
        var app = new DurableAppProcess(process);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void Capture(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (app._gate)
            {
                app._output.AppendLine(line);
            }

            if (line.Contains("Application started", StringComparison.Ordinal))
            {
                started.TrySetResult();
            }
        }

        process.OutputDataReceived += (_, e) => Capture(e.Data);
        process.ErrorDataReceived += (_, e) => Capture(e.Data);
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => started.TrySetException(new InvalidOperationException($"The Durable test app exited while starting:\n{app.Output}"));
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => app.Kill();
        try
        {
            await started.Task.WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            await app.DisposeAsync();
            throw new TimeoutException($"The Durable test app did not start within {StartTimeout.TotalSeconds} s:\n{app.Output}");
        }

        return app;
    }

    /// <summary>Kills the process at once (SIGKILL: no shutdown, nothing released) and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        Kill();
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
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
