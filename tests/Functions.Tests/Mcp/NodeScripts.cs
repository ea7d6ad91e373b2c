using System.Diagnostics;
using System.Text.Json.Nodes;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Functions.Tests.Mcp;

/// <summary>Runs a Node program of the repository's pinned npm packages to its end: its JSON stdout lines, or a
/// failure with everything it printed.</summary>
internal static class NodeScripts
{
    public static async Task<IReadOnlyList<JsonNode>> RunAsync(string script, IEnumerable<string> arguments, TimeSpan deadline)
    {
        var (exitCode, stdout, stderr) = await RunRawAsync(script, arguments, deadline);
        Assert.True(exitCode == 0, $"node {Path.GetFileName(script)} exited {exitCode}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        return [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith('{'))
            .Select(line => JsonNode.Parse(line)!)];
    }

    /// <summary>Runs it and returns its exit code and output, whatever they are; kills it after
    /// <paramref name="deadline"/>.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunRawAsync(string script, IEnumerable<string> arguments, TimeSpan deadline)
    {
        NpmTools.EnsureInstalled();
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The script's own folder: inspector-cli finds its package.json relative to the working directory.
            WorkingDirectory = Path.GetDirectoryName(script)!,
        };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(deadline);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"node {Path.GetFileName(script)} did not finish within {deadline.TotalSeconds} s\nstdout:\n{await stdout}\nstderr:\n{await stderr}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
