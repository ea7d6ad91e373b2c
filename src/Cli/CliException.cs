namespace McpOrchestrator.Cli;

/// <summary>A failure the user can act on: its message is the one line <c>mcpo</c> prints on stderr, its
/// <see cref="ExitCode"/> the process's exit code.</summary>
public sealed class CliException(string message, int exitCode = ExitCodes.Failure, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;
}
