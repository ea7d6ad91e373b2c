namespace McpOrchestrator.Core.Diff;

/// <summary>One changed field of a server: its path (<c>command</c>, <c>args[2]</c>, <c>env.GITHUB_TOKEN</c>,
/// <c>headers.Authorization</c>, <c>tools.include[0]</c>; a key that is not a plain word is written
/// <c>env["odd.key"]</c>), the kind of change, and the local (<see cref="Old"/>) and remote (<see cref="New"/>)
/// values.</summary>
public sealed record FieldChange
{
    public required string Path { get; init; }

    public required ChangeKind Kind { get; init; }

    public string? Old { get; init; }

    public string? New { get; init; }
}
