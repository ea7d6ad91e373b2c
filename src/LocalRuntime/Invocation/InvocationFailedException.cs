namespace McpOrchestrator.LocalRuntime.Invocation;

/// <summary>An invocation failed; carries the invocation id already written to the log with the cause.</summary>
internal sealed class InvocationFailedException(string invocationId, Exception cause)
    : Exception($"Invocation {invocationId} failed.", cause)
{
    public string InvocationId { get; } = invocationId;
}
