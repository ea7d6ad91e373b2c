using System.Diagnostics;

namespace McpOrchestrator.TestSupport;

/// <summary>Finds (or builds) tests/FaultyMcpServer, the misbehaving MCP server tests start.</summary>
public static class FaultyMcpServerBuild
{
    /// <summary>The built FaultyMcpServer dll, in the tests' configuration; built once (under a machine-wide mutex)
    /// when missing.</summary>
    public static string LocateOrBuild()
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var project = Path.Combine(RepositoryPaths.Root, "tests", "FaultyMcpServer");
        var dll = Path.Combine(project, "bin", configuration, "net10.0", "McpOrchestrator.FaultyMcpServer.dll");
        if (File.Exists(dll))
        {
            return dll;
        }

        using var mutex = new Mutex(initiallyOwned: false, "McpOrchestrator.FaultyMcpServerBuild");
        if (!mutex.WaitOne(TimeSpan.FromMinutes(5)))
        {
            throw new TimeoutException("Another process has been building FaultyMcpServer for 5 minutes.");
        }

        try
        {
            if (!File.Exists(dll))
            {
                var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
                foreach (var argument in new[] { "build", project, "-c", configuration, "--nologo", "-v", "q" })
                {
                    start.ArgumentList.Add(argument);
                }

                using var build = Process.Start(start)!;
                var output = build.StandardOutput.ReadToEndAsync();
                var errors = build.StandardError.ReadToEndAsync();
                build.WaitForExit();
                if (build.ExitCode != 0 || !File.Exists(dll))
                {
                    throw new InvalidOperationException($"Building {project} failed:\n{output.Result}\n{errors.Result}");
                }
            }

            return dll;
        }
        finally
        {
            mutex.ReleaseMutex();
        }
    }
}
