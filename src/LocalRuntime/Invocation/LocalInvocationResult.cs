using Microsoft.Azure.Functions.Worker;

namespace McpOrchestrator.LocalRuntime.Invocation;

internal sealed class LocalInvocationResult : InvocationResult
{
    public override object? Value { get; set; }
}
