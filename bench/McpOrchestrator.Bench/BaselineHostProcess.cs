using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Bench;

/// <summary>Starts this program's minimal ASP.NET Core host (<see cref="BaselineHost"/>) as a process, the start-up
/// baseline; it stops when its stdin pipe closes, so it never outlives the bench.</summary>
public static class BaselineHostProcess
{
    public static Task<FunctionsAppProcess> StartAsync(CancellationToken cancellationToken) =>
        FunctionsAppProcess.StartDllAsync(
            Path.Combine(AppContext.BaseDirectory, "McpOrchestrator.Bench.dll"),
            [BaselineHost.Flag, BaselineHost.StopWhenStdinClosesFlag],
            new Dictionary<string, string>(),
            cancellationToken: cancellationToken);

    /// <summary>Starts <see cref="BaselineForwarder"/> in front of <paramref name="destination"/>, stopping as the
    /// baseline host does.</summary>
    public static Task<FunctionsAppProcess> StartForwarderAsync(Uri destination, CancellationToken cancellationToken) =>
        FunctionsAppProcess.StartDllAsync(
            Path.Combine(AppContext.BaseDirectory, "McpOrchestrator.Bench.dll"),
            [BaselineForwarder.Flag, "--destination", destination.ToString(), BaselineHost.StopWhenStdinClosesFlag],
            new Dictionary<string, string>(),
            cancellationToken: cancellationToken);
}
