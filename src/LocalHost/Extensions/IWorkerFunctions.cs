namespace McpOrchestrator.LocalHost.Extensions;

/// <summary>The loaded functions of the running worker, as an extension sees them.</summary>
public interface IWorkerFunctions
{
    /// <summary>Every function the worker loaded successfully.</summary>
    IReadOnlyList<LoadedFunction> Functions { get; }

    /// <summary>Invokes <paramref name="functionName"/> with trigger and other inputs (binding name → value), logging
    /// Core Tools' <c>Executing</c>/<c>Executed</c> lines with <paramref name="reason"/>. Throws
    /// <see cref="WorkerUnavailableException"/> while no worker is ready (crashed, restarting, stopping); a function
    /// that throws gives a failed <see cref="InvocationOutcome"/>, not an exception.</summary>
    Task<InvocationOutcome> InvokeAsync(
        string functionName,
        IReadOnlyList<InvocationInput> inputs,
        IReadOnlyDictionary<string, InvocationValue> triggerMetadata,
        string reason,
        CancellationToken cancellationToken);
}
