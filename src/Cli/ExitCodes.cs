namespace McpOrchestrator.Cli;

/// <summary>The exit codes of <c>mcpo</c>, for scripts: 0 done, 1 any failure, 2 a publish the service rejected.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    public const int Failure = 1;

    /// <summary><c>publish --wait</c>: validation rejected the draft (the errors are printed).</summary>
    public const int Rejected = 2;
}
