using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using McpOrchestrator.LocalHost.Hosting;

namespace McpOrchestrator.LocalHost.Storage;

/// <summary>Development storage for the app: when <c>AzureWebJobsStorage</c> is <c>UseDevelopmentStorage=true</c> and
/// nothing answers on the emulator's ports, starts Azurite (blob, queue and table) from the nearest pinned npm
/// package (running <c>npm ci</c> when it is not installed), with its data in <c>.azurite/</c> beside that
/// package.json. Stops it gracefully (SIGINT, then waits: Azurite writes its data only then). Azurite watches a pipe
/// from this host and stops the same way when the host dies, SIGKILL included.</summary>
internal sealed partial class DevelopmentStorage(LocalHostConfiguration configuration, DevelopmentStoragePorts ports, ILogger<DevelopmentStorage> log)
    : IHostedService, IAsyncDisposable
{
    // Runs Azurite's entry script (argv[1]); end of file on stdin (the host stopped or died) becomes SIGINT, Azurite's
    // own graceful shutdown, so its data is flushed.
    private const string Launcher =
        "const stop=()=>process.kill(process.pid,'SIGINT');process.stdin.on('end',stop);process.stdin.on('error',stop);process.stdin.resume();require(process.argv[1]);";

    /// <summary>The setting (environment or local.settings.json Values) naming the folder Azurite keeps its data in;
    /// unset: <c>.azurite/</c> beside the package.json Azurite comes from.</summary>
    public const string LocationSetting = "Host__AzuriteLocation";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);
    private Process? _azurite;

    /// <summary>Where Azurite keeps its data, once started by this host.</summary>
    public string? DataDirectory { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!configuration.AppSettings.TryGetValue("AzureWebJobsStorage", out var connection) || !IsDevelopmentStorage(connection))
        {
            return;
        }

        var answering = new List<int>();
        foreach (var port in new[] { ports.Blob, ports.Queue, ports.Table })
        {
            if (await AnswersAsync(port, cancellationToken))
            {
                answering.Add(port);
            }
        }

        if (answering.Count == 3)
        {
            UsingRunning(log);
            return;
        }

        if (answering.Count > 0)
        {
            throw new HostStartupException(
                $"Development storage: 127.0.0.1:{string.Join(",", answering)} answer{(answering.Count == 1 ? "s" : string.Empty)} but not all of {ports.Blob},{ports.Queue},{ports.Table}: stop that program or run a complete Azurite (blob, queue, table) yourself.");
        }

        var root = FindToolsRoot(configuration.Script.AppDirectory) ?? FindToolsRoot(configuration.Script.SettingsDirectory) ?? FindToolsRoot(Directory.GetCurrentDirectory())
            ?? throw new HostStartupException(
                "AzureWebJobsStorage is UseDevelopmentStorage=true, nothing answers on 127.0.0.1:10000-10002, and no package.json with azurite is above the app or the current folder: start Azurite yourself (npx azurite) or set AzureWebJobsStorage to a storage account.");
        var script = Path.Combine(root, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            Installing(log, root);
            await RunToCompletionAsync("npm", ["ci", "--no-audit", "--no-fund"], root, cancellationToken);
            if (!File.Exists(script))
            {
                throw new HostStartupException($"npm ci in {root} did not install azurite: check package.json and package-lock.json there.");
            }
        }

        var data = ports.DataDirectory
            ?? (configuration.AppSettings.TryGetValue(LocationSetting, out var location) && !string.IsNullOrWhiteSpace(location) ? Path.GetFullPath(location) : null)
            ?? Path.Combine(root, ".azurite");
        Directory.CreateDirectory(data);
        DataDirectory = data;
        await StartAzuriteAsync(script, data, root, cancellationToken);
    }

    private async Task StartAzuriteAsync(string script, string data, string root, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "-e", Launcher, script,
                     "--blobHost", "127.0.0.1", "--blobPort", Text(ports.Blob),
                     "--queueHost", "127.0.0.1", "--queuePort", Text(ports.Queue),
                     "--tableHost", "127.0.0.1", "--tablePort", Text(ports.Table),
                     "--location", data, "--skipApiVersionCheck", "--loose", "--disableTelemetry",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var listening = 0;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("successfully listening", StringComparison.OrdinalIgnoreCase) == true && Interlocked.Increment(ref listening) == 3)
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrWhiteSpace(e.Data))
            {
                AzuriteError(log, e.Data);
            }
        };
        process.Exited += (_, _) => ready.TrySetException(new HostStartupException("Azurite exited while starting (see its errors above): check that Node.js 20+ is installed and the ports are free."));
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new HostStartupException($"Could not start node to run Azurite ({e.Message}): install Node.js 20+.", e);
        }

        _azurite = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(StartTimeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            await StopAsync(CancellationToken.None);
            throw new HostStartupException($"Azurite did not start within {StartTimeout.TotalSeconds} s: start it yourself (npx azurite) and retry.");
        }

        Started(log, ports.Blob, ports.Queue, ports.Table, data);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var azurite = Interlocked.Exchange(ref _azurite, null);
        if (azurite is null)
        {
            return;
        }

        using (azurite)
        {
            try
            {
                // End of file on its stdin: the launcher turns it into SIGINT, Azurite closes and flushes, then exits.
                azurite.StandardInput.Close();
                await azurite.WaitForExitAsync(CancellationToken.None).WaitAsync(StopTimeout, CancellationToken.None);
                Stopped(log);
            }
            catch (Exception e) when (e is TimeoutException or IOException or InvalidOperationException)
            {
                try
                {
                    azurite.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // Already gone.
                }

                KilledAfterTimeout(log, StopTimeout.TotalSeconds);
            }
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    internal static bool IsDevelopmentStorage(string? connection) =>
        connection is not null && connection.Replace(" ", string.Empty, StringComparison.Ordinal)
            .Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase);

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static async Task<bool> AnswersAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(500));
        try
        {
            await client.ConnectAsync("127.0.0.1", port, timeout.Token);
            return true;
        }
        catch (Exception e) when (e is SocketException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }

    private static string? FindToolsRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            var package = Path.Combine(directory.FullName, "package.json");
            if (File.Exists(package) && File.ReadAllText(package).Contains("\"azurite\"", StringComparison.Ordinal))
            {
                return directory.FullName;
            }
        }

        return null;
    }

    private static async Task RunToCompletionAsync(string command, string[] arguments, string directory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(command) { WorkingDirectory = directory, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new HostStartupException($"Could not start {command}: install Node.js 20+ and npm.");
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new HostStartupException($"'{command} {string.Join(' ', arguments)}' failed in {directory} with exit code {process.ExitCode}: run it there yourself to see why.");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Development storage: using the emulator already listening on 127.0.0.1")]
    private static partial void UsingRunning(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Development storage: installing the pinned npm tools in {Directory} (npm ci)")]
    private static partial void Installing(ILogger logger, string directory);

    [LoggerMessage(Level = LogLevel.Information, Message = "Development storage: started Azurite (blob 127.0.0.1:{Blob}, queue {Queue}, table {Table}; data in {Data}); it stops with the host")]
    private static partial void Started(ILogger logger, int blob, int queue, int table, string data);

    [LoggerMessage(Level = LogLevel.Information, Message = "Development storage: Azurite stopped")]
    private static partial void Stopped(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Development storage: Azurite did not stop within {Seconds} s; killed it")]
    private static partial void KilledAfterTimeout(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Azurite: {Line}")]
    private static partial void AzuriteError(ILogger logger, string line);
}
