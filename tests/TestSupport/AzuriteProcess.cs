using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace McpOrchestrator.TestSupport;

/// <summary>
/// A real Azurite Table service (the pinned npm package) on a loopback port of its own, with in-memory storage, or
/// (<see cref="StartWithBlobsAndQueuesAsync"/>) the blob, queue and table services together, as the Durable engine
/// needs them. It can be stopped and started again on the same ports to simulate a storage outage; its data does not
/// survive that.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    /// <summary>The development storage account Azurite serves.</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>The well-known, public key of <see cref="AccountName"/>.</summary>
    public const string AccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const string ReadyMarker = "successfully started";

    // The all-services launcher prints one such line per service.
    private const string ServiceReadyMarker = "successfully listening";

    // Runs Azurite's entry script (process.argv[1]) and exits when stdin reaches end of file: the pipe closes when
    // the test process dies for any reason, including SIGKILL, so no Azurite outlives the test run.
    private const string Launcher =
        "process.stdin.on('end',()=>process.exit(0));process.stdin.on('error',()=>process.exit(0));process.stdin.resume();require(process.argv[1]);";

    private const int StartAttempts = 3;

    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private readonly StringBuilder _output = new();
    private Process? _process;
    private bool _disposed;

    private AzuriteProcess(int port, int? blobPort = null, int? queuePort = null)
    {
        Port = port;
        BlobPort = blobPort;
        QueuePort = queuePort;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>The loopback port Azurite's table service listens on; it stays the same across <see cref="StopAsync"/> / <see cref="StartAsync"/>.</summary>
    public int Port { get; }

    /// <summary>The blob service's port, when started by <see cref="StartWithBlobsAndQueuesAsync"/>.</summary>
    public int? BlobPort { get; }

    /// <summary>The queue service's port, when started by <see cref="StartWithBlobsAndQueuesAsync"/>.</summary>
    public int? QueuePort { get; }

    /// <summary>Path-style table endpoint, e.g. <c>http://127.0.0.1:12345/devstoreaccount1</c>.</summary>
    public Uri TableEndpoint => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/{AccountName}");

    /// <summary>A full connection string for <see cref="AccountName"/> naming the table endpoint, and the blob and
    /// queue endpoints when they run.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};TableEndpoint={TableEndpoint};"
        + (BlobPort is { } blob ? $"BlobEndpoint={Endpoint(blob)};" : string.Empty)
        + (QueuePort is { } queue ? $"QueueEndpoint={Endpoint(queue)};" : string.Empty);

    /// <summary>Whether the Azurite process is currently running.</summary>
    public bool IsRunning
    {
        get
        {
            lock (_gate)
            {
                return _process is { HasExited: false };
            }
        }
    }

    /// <summary>Everything Azurite has written to stdout and stderr so far, for diagnostics.</summary>
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

    /// <summary>Starts Azurite's table service on a free port and waits until it reports that it is listening.</summary>
    public static Task<AzuriteProcess> StartNewAsync(CancellationToken cancellationToken = default) =>
        StartOnFreePortsAsync(() => new AzuriteProcess(FreePort.Next()), cancellationToken);

    /// <summary>Starts Azurite's blob, queue and table services, each on a free port, and waits until all three
    /// listen. <see cref="ConnectionString"/> names all three endpoints.</summary>
    public static Task<AzuriteProcess> StartWithBlobsAndQueuesAsync(CancellationToken cancellationToken = default) =>
        StartOnFreePortsAsync(() => new AzuriteProcess(FreePort.Next(), FreePort.Next(), FreePort.Next()), cancellationToken);

    private static async Task<AzuriteProcess> StartOnFreePortsAsync(Func<AzuriteProcess> create, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var azurite = create();
            try
            {
                await azurite.StartAsync(cancellationToken);
                return azurite;
            }
            catch (InvalidOperationException) when (attempt < StartAttempts && azurite.Output.Contains("EADDRINUSE", StringComparison.Ordinal))
            {
                // Another process took the port between FreePort.Next() and Azurite binding it: pick another.
                await azurite.DisposeAsync();
            }
            catch
            {
                await azurite.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>
    /// Starts Azurite on <see cref="Port"/> and returns once it has printed its "successfully started" line.
    /// Throws (with Azurite's output) if it exits first or does not become ready within 30 seconds.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var startInfo = new ProcessStartInfo("node")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        string[] services = BlobPort is { } blobPort && QueuePort is { } queuePort
            ?
            [
                RepositoryPaths.AzuriteScript,
                "--blobHost", "127.0.0.1", "--blobPort", blobPort.ToString(CultureInfo.InvariantCulture),
                "--queueHost", "127.0.0.1", "--queuePort", queuePort.ToString(CultureInfo.InvariantCulture),
                "--loose",
            ]
            : [RepositoryPaths.AzuriteTableScript];
        foreach (var argument in new[] { "-e", Launcher }.Concat(services).Concat(
                 [
                     "--tableHost", "127.0.0.1",
                     "--tablePort", Port.ToString(CultureInfo.InvariantCulture),
                     "--inMemoryPersistence", "--disableTelemetry", "--skipApiVersionCheck", "--disableProductStyleUrl", "--silent",
                 ]))
        {
            startInfo.ArgumentList.Add(argument);
        }

        var servicesToWaitFor = BlobPort is null ? 1 : 3;
        var servicesReady = 0;

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            Append(e.Data);
            if (e.Data.Contains(ReadyMarker, StringComparison.Ordinal)
                || (e.Data.Contains(ServiceReadyMarker, StringComparison.Ordinal) && Interlocked.Increment(ref servicesReady) == servicesToWaitFor))
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Append(e.Data);
            }
        };

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_process is not null)
            {
                process.Dispose();
                throw new InvalidOperationException($"Azurite is already running on port {Port}; call StopAsync first.");
            }

            _output.Clear();
            process.Start();
            _process = process;
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var exited = process.WaitForExitAsync(CancellationToken.None);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(StartDeadline);
        var timeout = Task.Delay(Timeout.InfiniteTimeSpan, deadline.Token);

        var first = await Task.WhenAny(ready.Task, exited, timeout);
        if (first == ready.Task)
        {
            return;
        }

        await StopAsync();
        cancellationToken.ThrowIfCancellationRequested();
        if (first == exited)
        {
            throw new InvalidOperationException(
                $"Azurite exited before it was ready on port {Port}. Output:{Environment.NewLine}{Output}");
        }

        throw new TimeoutException(
            $"Azurite did not report '{ReadyMarker}' within {StartDeadline.TotalSeconds} s on port {Port}. Output:{Environment.NewLine}{Output}");
    }

    /// <summary>Kills Azurite and everything it started, and waits until it has exited. Its data is lost.</summary>
    public async Task StopAsync()
    {
        Process? process;
        lock (_gate)
        {
            process = _process;
            _process = null;
        }

        if (process is null)
        {
            return;
        }

        using (process)
        {
            Kill(process);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        await StopAsync();
    }

    private static Uri Endpoint(int port) => new($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/{AccountName}");

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    private void Append(string line)
    {
        lock (_gate)
        {
            _output.AppendLine(line);
        }
    }

    private void OnProcessExit(object? sender, EventArgs e)
    {
        Process? process;
        lock (_gate)
        {
            process = _process;
        }

        if (process is not null)
        {
            Kill(process);
        }
    }
}
