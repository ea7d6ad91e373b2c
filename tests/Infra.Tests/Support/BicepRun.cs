namespace McpOrchestrator.Infra.Tests.Support;

/// <summary>What one bicep command printed and how it exited.</summary>
public sealed record BicepRun(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>The warnings and errors (<c>file(line,col) : Warning|Error rule: message</c>) bicep wrote.</summary>
    public IReadOnlyList<string> Diagnostics =>
        (StandardOutput + "\n" + StandardError).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.Contains(" : Warning ", StringComparison.Ordinal)
                || line.Contains(" : Error ", StringComparison.Ordinal))
            .ToList();

    public override string ToString() =>
        $"bicep {Command} exited {ExitCode}\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";
}
