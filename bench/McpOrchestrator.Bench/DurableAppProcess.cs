using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Bench;

/// <summary>Starts the Durable test app (tests/DurableTestApp) as a process for the durable measurement.</summary>
public static class DurableAppProcess
{
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

    public static Task<FunctionsAppProcess> StartAsync(IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken) =>
        FunctionsAppProcess.StartDllAsync(Path.Combine(AppDirectory, "McpOrchestrator.DurableTestApp.dll"), [], environment, cancellationToken: cancellationToken);
}
