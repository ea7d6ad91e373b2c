namespace McpOrchestrator.LocalHost.Extensions;

/// <summary>What the worker answered for an invocation: success with its return value and output bindings, or the
/// function's failure.</summary>
public sealed record InvocationOutcome(
    bool Succeeded,
    InvocationValue? ReturnValue,
    IReadOnlyDictionary<string, InvocationValue> Outputs,
    InvocationFailure? Failure);
