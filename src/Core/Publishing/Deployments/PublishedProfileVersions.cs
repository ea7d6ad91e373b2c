using McpOrchestrator.Core.Profiles;
using McpOrchestrator.Core.Publishing.Artifacts;

namespace McpOrchestrator.Core.Publishing.Deployments;

/// <summary>
/// Publishing's side of the profiles seam: the latest and deployed version of each profile (two range queries per
/// client, one per table), and what happens when a profile is deleted: nothing stays live, while its artifacts and
/// deployment history are kept (versions are never reused, so a profile created again under the same id continues
/// the numbering).
/// </summary>
internal sealed class PublishedProfileVersions(ArtifactStore artifacts, DeploymentStore deployments) : IProfileVersionSource
{
    public Task<IReadOnlyDictionary<string, ProfileVersions>> GetVersionsAsync(string clientId, CancellationToken cancellationToken) =>
        ReadAsync(clientId, null, cancellationToken);

    /// <summary>The same two queries, on the partitions of the range only.</summary>
    public Task<IReadOnlyDictionary<string, ProfileVersions>> GetVersionsAsync(string clientId, string firstProfile, string lastProfile, CancellationToken cancellationToken) =>
        ReadAsync(clientId, (firstProfile, lastProfile), cancellationToken);

    private async Task<IReadOnlyDictionary<string, ProfileVersions>> ReadAsync(string clientId, (string First, string Last)? profiles, CancellationToken cancellationToken)
    {
        var reading = artifacts.GetLatestVersionsAsync(clientId, profiles, cancellationToken);
        var deployed = await deployments.GetDeployedVersionsAsync(clientId, profiles, cancellationToken);
        var latest = await reading;
        return latest.Keys.Union(deployed.Keys, StringComparer.Ordinal).ToDictionary(
            profileId => profileId,
            profileId => new ProfileVersions(
                latest.TryGetValue(profileId, out var version) ? version : null,
                deployed.TryGetValue(profileId, out var live) ? live : null),
            StringComparer.Ordinal);
    }

    public Task ProfileDeletedAsync(string clientId, string profileId, CancellationToken cancellationToken) =>
        deployments.UndeployAsync(clientId, profileId, cancellationToken);
}
