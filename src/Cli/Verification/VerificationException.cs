namespace McpOrchestrator.Cli.Verification;

/// <summary>An artifact that must not be written: tampered, signed by an unknown or changed key, or not the one asked
/// for.</summary>
public sealed class VerificationException(VerificationFailure failure, string message) : Exception(message)
{
    public VerificationFailure Failure { get; } = failure;
}
