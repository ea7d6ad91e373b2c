using System.Runtime.InteropServices;
using McpOrchestrator.Bench;

// Child mode: the baseline host that the startup measurement starts as a process of its own.
if (BaselineHost.IsRequested(args))
{
    return await BaselineHost.RunAsync(args);
}

// Child mode: the bare forwarder in front of the baseline host (the trivial request's floor).
if (BaselineForwarder.IsRequested(args))
{
    return await BaselineForwarder.RunAsync(args);
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    await Console.Error.WriteLineAsync(BenchOptions.Usage);
    return 2;
}

// The first Ctrl+C (or SIGTERM, SIGHUP, SIGQUIT) unwinds the run so that every child process is killed on the way
// out; a second one ends the process at once (Azurite and the baseline host still stop when their stdin closes).
using var cancellation = new CancellationTokenSource();
void OnSignal(PosixSignalContext context)
{
    if (!cancellation.IsCancellationRequested)
    {
        context.Cancel = true;
        Console.Error.WriteLine($"{context.Signal}: stopping child processes…");
        cancellation.Cancel();
    }
}

using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
using var onHangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, OnSignal);
using var onQuit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, OnSignal);

try
{
    var report = await BenchRun.RunAsync(options, cancellation.Token);
    Console.WriteLine(report);
    var path = options.OutputPath;
    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
    await File.WriteAllTextAsync(path, report, CancellationToken.None);
    await Console.Error.WriteLineAsync($"Written to {path}");
    return 0;
}
catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
{
    await Console.Error.WriteLineAsync("Cancelled.");
    return 130;
}
catch (BenchFailedException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    return 1;
}
