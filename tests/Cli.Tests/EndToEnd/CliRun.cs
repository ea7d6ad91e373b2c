namespace McpOrchestrator.Cli.Tests.EndToEnd;

/// <summary>What one run of the built <c>mcpo</c> did.</summary>
public sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
