namespace Microsoft.DurableTask.Client;

/// <summary>Options of <see cref="DurableTaskClient.PurgeInstanceAsync(string, PurgeInstanceOptions?, CancellationToken)"/>.</summary>
/// <param name="Recursive">Also purge sub-orchestrations (the local runtime has none).</param>
public record PurgeInstanceOptions(bool Recursive = false);
