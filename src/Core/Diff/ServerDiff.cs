namespace McpOrchestrator.Core.Diff;

/// <summary>A server present on both sides with different fields; <see cref="Changes"/> ordered by path.</summary>
public sealed record ServerDiff
{
    public required string Name { get; init; }

    public required IReadOnlyList<FieldChange> Changes { get; init; }
}
