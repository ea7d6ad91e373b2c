namespace McpOrchestrator.Core.Live;

/// <summary>What one reconcile did to the live set: the deployment it applied (none: nothing is deployed) and the
/// server names it added, removed, reconnected (how the server is reached changed), gave a new tool filter, or left
/// untouched. <see cref="Stopped"/>: the service is shutting down and nothing was done.</summary>
public sealed record ReconcileResult
{
    public required string Profile { get; init; }

    public int? Version { get; init; }

    public string? ArtifactId { get; init; }

    public IReadOnlyList<string> Added { get; init; } = [];

    public IReadOnlyList<string> Removed { get; init; } = [];

    public IReadOnlyList<string> Reconnected { get; init; } = [];

    public IReadOnlyList<string> FiltersUpdated { get; init; } = [];

    public IReadOnlyList<string> Unchanged { get; init; } = [];

    public bool Stopped { get; init; }

    public bool Changed => Added.Count + Removed.Count + Reconnected.Count + FiltersUpdated.Count > 0;
}
