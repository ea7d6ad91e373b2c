namespace McpOrchestrator.Core.Live;

/// <summary>Which deployment the live set follows and how its last reconcile went: the applied version and artifact
/// (null before the first reconcile, or when nothing is deployed), when it last reconciled successfully, and the last
/// failure to read the deployment (cleared by the next success).</summary>
public sealed record LiveSetStatus
{
    public required string Profile { get; init; }

    public int? Version { get; init; }

    public string? ArtifactId { get; init; }

    public DateTimeOffset? ReconciledAt { get; init; }

    public string? LastReconcileError { get; init; }
}
