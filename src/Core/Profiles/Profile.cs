namespace McpOrchestrator.Core.Profiles;

/// <summary>A configuration slot of a client (<c>default</c>, <c>dev</c> …) with the size of its draft and, once
/// publishing exists, its latest published and deployed versions (null until then). <c>default</c> exists for every
/// client whether or not it was ever written (its <see cref="CreatedAt"/> is then null).</summary>
public sealed record Profile
{
    public required string ClientId { get; init; }

    public required string Id { get; init; }

    public string? Description { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    public int DraftEntries { get; init; }

    public int? LatestVersion { get; init; }

    public int? DeployedVersion { get; init; }
}
