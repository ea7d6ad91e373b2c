namespace McpOrchestrator.Cli.Settings;

/// <summary>What <c>mcpo pull</c> last wrote into one client file: which service, profile, version and artifact, when,
/// and where the backup of the file it replaced is.</summary>
public sealed record AppliedArtifact
{
    public required string ClientId { get; init; }

    public required string Path { get; init; }

    public required string Url { get; init; }

    public required string ProfileId { get; init; }

    public required int Version { get; init; }

    public required string ArtifactId { get; init; }

    public required DateTimeOffset AppliedAt { get; init; }

    public string? Backup { get; init; }
}
