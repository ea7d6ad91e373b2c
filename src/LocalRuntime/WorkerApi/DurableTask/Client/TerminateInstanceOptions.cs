namespace Microsoft.DurableTask.Client;

/// <summary>Options of <see cref="DurableTaskClient.TerminateInstanceAsync(string, TerminateInstanceOptions?, CancellationToken)"/>.</summary>
/// <param name="Output">The output recorded for the terminated instance.</param>
/// <param name="Recursive">Also terminate sub-orchestrations (the local runtime has none).</param>
public record TerminateInstanceOptions(object? Output = null, bool Recursive = false);
