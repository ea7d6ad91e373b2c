using McpOrchestrator.TestSupport;

namespace McpOrchestrator.LocalRuntime.Tests.Durable;

/// <summary>The Durable test app's build output (functions.metadata, host.json, the app itself), in the configuration
/// the tests were built in.</summary>
internal static class DurableTestAppFolder
{
    public const string AssemblyFileName = "McpOrchestrator.DurableTestApp.dll";

    public static string Path
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar)).Parent!.Name;
            var directory = System.IO.Path.Combine(RepositoryPaths.Root, "tests", "DurableTestApp", "bin", configuration, "net10.0");
            return File.Exists(System.IO.Path.Combine(directory, "functions.metadata"))
                ? directory
                : throw new FileNotFoundException($"The Durable test app is not built in {directory}. Run 'dotnet build tests/LocalRuntime.Tests'.");
        }
    }
}
