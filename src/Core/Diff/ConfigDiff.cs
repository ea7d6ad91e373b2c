namespace McpOrchestrator.Core.Diff;

/// <summary>The difference between a local and a remote server list. <see cref="Added"/>: servers only the remote
/// has; <see cref="Removed"/>: servers only the local side has; <see cref="Modified"/>: servers on both sides whose
/// fields differ; <see cref="Unchanged"/>: the rest. Every list is in ordinal name order, changes in path order, so
/// the same inputs always give the same document.</summary>
public sealed record ConfigDiff
{
    public required DiffStatus Status { get; init; }

    public required IReadOnlyList<string> Added { get; init; }

    public required IReadOnlyList<string> Removed { get; init; }

    public required IReadOnlyList<ServerDiff> Modified { get; init; }

    public required IReadOnlyList<string> Unchanged { get; init; }

    /// <summary>Added + removed + modified servers.</summary>
    public int TotalChanges => Added.Count + Removed.Count + Modified.Count;
}
