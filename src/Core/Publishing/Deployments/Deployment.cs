namespace McpOrchestrator.Core.Publishing.Deployments;

/// <summary>
/// One deployment of a profile: version <see cref="Version"/> (artifact <see cref="ArtifactId"/>) became live at
/// <see cref="DeployedAt"/>. <see cref="Sequence"/> numbers a profile's deployments 1, 2, 3 …;
/// <see cref="DeploymentId"/> is <c>{clientId}:{profileId}:{sequence}</c>. <see cref="IsRollback"/>: the version is
/// older than the one it replaced (<see cref="PreviousVersion"/>, null for a profile's first deployment).
/// </summary>
public sealed record Deployment
{
    public required string DeploymentId { get; init; }

    public required int Sequence { get; init; }

    public required string ClientId { get; init; }

    public required string ProfileId { get; init; }

    public required int Version { get; init; }

    public required string ArtifactId { get; init; }

    public required DateTimeOffset DeployedAt { get; init; }

    public required string DeployedBy { get; init; }

    public int? PreviousVersion { get; init; }

    public required bool IsRollback { get; init; }
}
