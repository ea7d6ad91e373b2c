using System.Diagnostics;

namespace McpOrchestrator.TestSupport;

/// <summary>Makes sure the pinned npm tools (package.json + package-lock.json: azurite, MCP reference servers) are
/// installed before a test starts one, running <c>npm ci</c> once on a fresh clone. Test assemblies run in
/// parallel processes, so the install is guarded by a machine-wide named mutex.</summary>
public static class NpmTools
{
    private static readonly Lazy<bool> Installed = new(Install);

    public static void EnsureInstalled() => _ = Installed.Value;

    private static bool Install()
    {
        var root = RepositoryPaths.Root;
        var marker = Path.Combine(root, "node_modules", ".package-lock.json");
        if (File.Exists(marker))
        {
            return true;
        }

        using var mutex = new Mutex(initiallyOwned: false, "McpOrchestrator.NpmCi");
        if (!mutex.WaitOne(TimeSpan.FromMinutes(5)))
        {
            throw new TimeoutException("Another process has been installing the npm tools (npm ci) for 5 minutes.");
        }

        try
        {
            if (File.Exists(marker))
            {
                return true;
            }

            var start = new ProcessStartInfo("npm") { WorkingDirectory = root, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "ci", "--no-audit", "--no-fund" })
            {
                start.ArgumentList.Add(argument);
            }

            using var npm = Process.Start(start) ?? throw new InvalidOperationException("Could not start npm; install Node.js 20+ and npm.");
            var output = npm.StandardOutput.ReadToEndAsync();
            var errors = npm.StandardError.ReadToEndAsync();
            npm.WaitForExit();
            if (npm.ExitCode != 0)
            {
                throw new InvalidOperationException($"npm ci failed in {root} (exit {npm.ExitCode}):\n{output.Result}\n{errors.Result}");
            }

            return true;
        }
        finally
        {
            mutex.ReleaseMutex();
        }
    }
}
