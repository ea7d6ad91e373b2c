using System.Diagnostics;
using System.Globalization;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Functions.Tests.Live;

/// <summary>Server entries for the MCP servers the end-to-end tests deploy: server-everything from the pinned npm
/// package and the FaultyMcpServer test project (built on first use when the test build did not build it). Every
/// stdio entry carries a marker variable in its env, so a test finds the processes the service started for it in
/// <c>/proc</c>.</summary>
internal static class McpServers
{
    public const string MarkerVariable = "MCPO_TEST_MARKER";

    private static readonly Lazy<string> FaultyDll = new(LocateOrBuildFaulty);

    public static string EverythingScript
    {
        get
        {
            NpmTools.EnsureInstalled();
            return Path.Combine(RepositoryPaths.Root, "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");
        }
    }

    public static string FaultyServerDll => FaultyDll.Value;

    public static string NewMarker() => Guid.NewGuid().ToString("N");

    public static ServerConfig EverythingStdio(string name, string marker, ToolFilter? tools = null) => new()
    {
        Name = name,
        Transport = Transport.Stdio,
        Command = "node",
        Args = [EverythingScript, "stdio"],
        Env = new Dictionary<string, string> { [MarkerVariable] = marker },
        Tools = tools,
    };

    public static ServerConfig FaultyStdio(string name, string marker, ToolFilter? tools = null) => new()
    {
        Name = name,
        Transport = Transport.Stdio,
        Command = "dotnet",
        Args = [FaultyServerDll, "stdio"],
        Env = new Dictionary<string, string> { [MarkerVariable] = marker },
        Tools = tools,
    };

    /// <summary>The FaultyMcpServer behind a shell that refuses to start it (exit 3) while <paramref name="flag"/>
    /// exists: once killed, it stays down until the flag goes.</summary>
    public static ServerConfig FlaggedFaulty(string name, string marker, string flag) => new()
    {
        Name = name,
        Transport = Transport.Stdio,
        Command = "sh",
        Args = ["-c", "if [ -e \"$1\" ]; then echo 'down on purpose' >&2; exit 3; fi; exec dotnet \"$2\" stdio", "sh", flag, FaultyServerDll],
        Env = new Dictionary<string, string> { [MarkerVariable] = marker },
    };

    public static ServerConfig Http(string name, Uri endpoint) => new() { Name = name, Transport = Transport.Http, Url = endpoint.ToString() };

    /// <summary>Live processes whose environment holds <c>{variable}={value}</c> (Linux <c>/proc</c>).</summary>
    public static IReadOnlyList<int> ProcessesWith(string value, string variable = MarkerVariable)
    {
        var needle = $"{variable}={value}\0";
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(directory, "environ")).Contains(needle, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or not ours.
            }
        }

        return found;
    }

    private static string LocateOrBuildFaulty()
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
