using System.Diagnostics;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Core.Tests.Canonical;

/// <summary>Runs one of the tests' Node.js scripts (an independent implementation to check against) with text on
/// stdin, and returns its stdout; a non-zero exit fails the test with the script's stderr.</summary>
internal static class NodeScript
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <param name="relativePath">The script's path from the repository root, e.g. <c>tests/Core.Tests/Canonical/jcs-reference.mjs</c>.</param>
    /// <param name="mode">The script's first argument.</param>
    /// <param name="stdin">What to write to its standard input.</param>
    public static async Task<string> RunAsync(string relativePath, string mode, string stdin)
    {
        NpmTools.EnsureInstalled();
        var script = Path.Combine(RepositoryPaths.Root, relativePath);
        var start = new ProcessStartInfo("node")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryPaths.Root,
            StandardInputEncoding = new System.Text.UTF8Encoding(false),
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(mode);
        using var node = Process.Start(start) ?? throw new InvalidOperationException("Could not start node; install Node.js 20+.");
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        await node.StandardInput.WriteAsync(stdin);
        node.StandardInput.Close();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await node.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            node.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {relativePath} {mode} did not finish within {Timeout.TotalSeconds} s.");
        }

        if (node.ExitCode != 0)
        {
            throw new InvalidOperationException($"node {relativePath} {mode} exited with {node.ExitCode}:\n{await errors}");
        }

        return await output;
    }
}
