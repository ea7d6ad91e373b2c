using System.Diagnostics;
using System.Globalization;
using McpOrchestrator.LocalHost.Hosting;

namespace McpOrchestrator.LocalHost.Worker;

/// <summary>One launch of the app's worker (<c>dotnet &lt;App&gt;.dll --functions-uri …</c>, as the real host starts
/// it). On Linux it runs through a small <c>sh</c> launcher in a session and process group of its own: the launcher
/// holds a pipe from this host, and when that pipe closes because the host died (SIGKILL included) it kills the whole
/// session, so neither the worker nor any child it started outlives the host, even one in a process group of its own
/// (the worker's stdio MCP servers). When the worker exits, the host kills the session too, so a crashed worker's
/// children do not linger. A child that makes a session of its own (<c>setsid</c>) is not reached.</summary>
internal sealed partial class WorkerProcess : IDisposable
{
    // $@ is the worker's command line. fd 3 keeps the host's pipe open in the watcher only; when the pipe reaches end
    // of file the watcher kills every process of the launcher's session (setsid made it the leader, so the session id
    // is $$): the worker, its children, and those the worker put in process groups of their own (stdio MCP servers),
    // which 'kill 0' alone would miss. It reads /proc/*/stat (session: 4th field after the name's last ')'), skips
    // itself, repeats while it finds any (a fork meanwhile), then kills its own group. Its output goes nowhere: the
    // host's pipes have no reader any more, and a write to them would end it with SIGPIPE.
    private const string Launcher =
        "exec 3<&0 </dev/null\n" +
        "\"$@\" 3<&- &\n" +
        "w=$!\n" +
        "( exec >/dev/null 2>&1; cat <&3; s=$$; read -r me _ </proc/self/stat\n" +
        "  for pass in 1 2 3 4 5; do\n" +
        "    k=\n" +
        "    for f in /proc/[0-9]*/stat; do\n" +
        "      read -r l <\"$f\" || continue\n" +
        "      p=${f#/proc/}; p=${p%/stat}; l=${l##*) }; set -- $l\n" +
        "      [ \"$4\" = \"$s\" ] && [ \"$p\" != \"$me\" ] && k=\"$k $p\"\n" +
        "    done\n" +
        "    [ -z \"$k\" ] && break\n" +
        "    kill -KILL $k\n" +
        "  done\n" +
        "  kill -KILL 0 ) &\n" +
        "exec 3<&-\n" +
        "wait \"$w\"\n";

    private const int RecentLineCount = 20;
    private static readonly string SetSid = "/usr/bin/setsid";

    private readonly Process _process;
    private readonly ILogger _log;
    private readonly Queue<string> _recentErrors = new();
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WorkerProcess(Process process, ILogger log)
    {
        _process = process;
        _log = log;
    }

    public int ProcessId => _process.Id;

    /// <summary>Completes with the worker's exit code once it (and its launcher) exited.</summary>
    public Task<int> Exited => _exited.Task;

    /// <summary>The last lines the worker wrote to stderr (start-up crashes show only there).</summary>
    public IReadOnlyList<string> RecentErrors
    {
        get
        {
            lock (_gate)
            {
                return [.. _recentErrors];
            }
        }
    }

    public static WorkerProcess Start(LocalHostConfiguration configuration, Uri grpcUri, string workerId, ILogger log)
    {
        var script = configuration.Script;
        var grouped = !OperatingSystem.IsWindows() && File.Exists(SetSid);
        var start = new ProcessStartInfo(grouped ? SetSid : script.WorkerExecutable)
        {
            WorkingDirectory = script.AppDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (grouped)
        {
            foreach (var argument in new[] { "sh", "-c", Launcher, "worker-launcher", script.WorkerExecutable })
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in new[]
                 {
                     script.WorkerPath,
                     "--functions-uri", grpcUri.ToString(),
                     "--functions-worker-id", workerId,
                     "--functions-request-id", Guid.NewGuid().ToString(),
                     "--functions-grpc-max-message-length", int.MaxValue.ToString(CultureInfo.InvariantCulture),
                 })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in configuration.Settings.Values)
        {
            if (Environment.GetEnvironmentVariable(name) is null)
            {
                start.Environment[name] = value;
            }
        }

        start.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = script.AppDirectory;
        start.Environment["FUNCTIONS_WORKER_DIRECTORY"] = script.AppDirectory;
        start.Environment["AzureWebJobsScriptRoot"] = script.AppDirectory;
        if (!start.Environment.ContainsKey("FUNCTIONS_WORKER_RUNTIME"))
        {
            start.Environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var worker = new WorkerProcess(process, log);
        process.OutputDataReceived += (_, e) => worker.OnOutput(e.Data, isError: false);
        process.ErrorDataReceived += (_, e) => worker.OnOutput(e.Data, isError: true);
        process.Exited += (_, _) => worker.OnExited();
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new HostStartupException($"Could not start the worker '{start.FileName}': {e.Message}. Install the .NET runtime (dotnet on PATH).", e);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Kills the worker and everything in its session now.</summary>
    public void Kill()
    {
        try
        {
            ProcessGroup.Kill(_process.Id);
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private void OnExited()
    {
        // The launcher exits with the worker's code; anything the worker left behind in its session goes with it.
        ProcessGroup.Kill(_process.Id);
        int code;
        try
        {
            code = _process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            code = -1;
        }

        _exited.TrySetResult(code);
    }

    private void OnOutput(string? line, bool isError)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        if (isError)
        {
            lock (_gate)
            {
                _recentErrors.Enqueue(line);
                while (_recentErrors.Count > RecentLineCount)
                {
                    _recentErrors.Dequeue();
                }
            }

            WorkerError(_log, line);
        }
        else
        {
            WorkerOutput(_log, line);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Line}")]
    private static partial void WorkerOutput(ILogger logger, string line);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Line}")]
    private static partial void WorkerError(ILogger logger, string line);
}
