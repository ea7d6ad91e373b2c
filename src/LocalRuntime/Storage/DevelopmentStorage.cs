using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace McpOrchestrator.LocalRuntime.Storage;

/// <summary>When <c>AzureWebJobsStorage</c> is <c>UseDevelopmentStorage=true</c> and nothing answers on the emulator's
/// table port, starts Azurite's table service from the repository's pinned npm package (running <c>npm ci</c> first
/// if it is not installed), keeps its data in <c>.azurite/</c>, and stops it when the host stops.</summary>
internal sealed partial class DevelopmentStorage(IConfiguration configuration, IHostEnvironment environment, ILogger<DevelopmentStorage> log)
    : IHostedService, IAsyncDisposable
{
    public const int TablePort = 10002;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private Process? _azurite;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var connection = configuration["AzureWebJobsStorage"];
        if (!IsDevelopmentStorage(connection))
        {
            return;
        }

        if (await AnswersAsync(TablePort, cancellationToken))
        {
            UsingRunning(log, TablePort);
            return;
        }

        var root = FindToolsRoot(environment.ContentRootPath) ?? FindToolsRoot(Directory.GetCurrentDirectory());
        if (root is null)
        {
            NoAzurite(log, TablePort);
            return;
        }

        var script = FindTableScript(root);
        if (script is null)
        {
            Installing(log, root);
            await RunToCompletionAsync("npm", ["ci", "--no-audit", "--no-fund"], root, cancellationToken);
            script = FindTableScript(root) ?? throw new InvalidOperationException($"npm ci in {root} did not install azurite.");
        }

        var data = Path.Combine(root, ".azurite");
        Directory.CreateDirectory(data);
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { script, "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--location", data, "--disableTelemetry", "--skipApiVersionCheck" })
        {
            start.ArgumentList.Add(argument);
        }

        _azurite = Process.Start(start) ?? throw new InvalidOperationException("Could not start node to run Azurite.");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Kill();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _azurite.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("successfully started", StringComparison.OrdinalIgnoreCase) == true)
            {
                ready.TrySetResult();
            }
        };
        _azurite.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrWhiteSpace(e.Data))
            {
                AzuriteError(log, e.Data);
            }
        };
        _azurite.EnableRaisingEvents = true;
        _azurite.Exited += (_, _) => ready.TrySetException(new InvalidOperationException("Azurite exited while starting; see its errors above."));
        _azurite.BeginOutputReadLine();
        _azurite.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(StartTimeout, cancellationToken);
            Started(log, TablePort, data);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            // The service still starts: storage-backed routes answer 503 until storage is reachable.
            Kill();
            StartFailed(log, e, TablePort);
        }
    }

    /// <summary>The table service's entry script, from the azurite package's own <c>bin</c> map.</summary>
    private static string? FindTableScript(string root)
    {
        var package = Path.Combine(root, "node_modules", "azurite", "package.json");
        if (!File.Exists(package))
        {
            return null;
        }

        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(package));
        if (!document.RootElement.TryGetProperty("bin", out var bin) || !bin.TryGetProperty("azurite-table", out var entry))
        {
            return null;
        }

        var script = Path.GetFullPath(Path.Combine(root, "node_modules", "azurite", entry.GetString()!));
        return File.Exists(script) ? script : null;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Kill();
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        return ValueTask.CompletedTask;
    }

    internal static bool IsDevelopmentStorage(string? connection) =>
        connection is not null && connection.Replace(" ", string.Empty, StringComparison.Ordinal)
            .Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase);

    private void Kill()
    {
        var azurite = Interlocked.Exchange(ref _azurite, null);
        if (azurite is null)
        {
            return;
        }

        try
        {
            if (!azurite.HasExited)
            {
                azurite.Kill(entireProcessTree: true);
                azurite.WaitForExit(TimeSpan.FromSeconds(5));
                Stopped(log);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            azurite.Dispose();
        }
    }

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
        catch (Exception e) when (e is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
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

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {command}.");
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{command} {string.Join(' ', arguments)}' failed in {directory} with exit code {process.ExitCode}.");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Development storage: using the emulator already listening on 127.0.0.1:{Port}")]
    private static partial void UsingRunning(ILogger logger, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "Development storage: installing the pinned npm tools in {Directory} (npm ci)")]
    private static partial void Installing(ILogger logger, string directory);

    [LoggerMessage(Level = LogLevel.Information, Message = "Development storage: started Azurite tables on 127.0.0.1:{Port} (data in {Data}); it stops with the host")]
    private static partial void Started(ILogger logger, int port, string data);

    [LoggerMessage(Level = LogLevel.Error, Message = "Development storage: Azurite did not start on 127.0.0.1:{Port}; the service runs and answers 503 until storage is reachable")]
    private static partial void StartFailed(ILogger logger, Exception exception, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "Development storage: Azurite stopped")]
    private static partial void Stopped(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Azurite: {Line}")]
    private static partial void AzuriteError(ILogger logger, string line);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Development storage: nothing answers on 127.0.0.1:{Port} and no package.json with azurite was found above the app; start Azurite yourself (npx azurite-table)")]
    private static partial void NoAzurite(ILogger logger, int port);
}
