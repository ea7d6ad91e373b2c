namespace McpOrchestrator.Core.Profiles;

/// <summary>
/// The seam between profiles and publishing: what has been published and deployed for each profile. The publishing
/// feature registers its implementation (replacing the default, which knows of nothing published); profile listing
/// shows it and profile deletion refuses while a version is deployed, unless forced.
/// </summary>
public interface IProfileVersionSource
{
    /// <summary>Versions of every profile of <paramref name="clientId"/> that has any (others are absent).</summary>
    Task<IReadOnlyDictionary<string, ProfileVersions>> GetVersionsAsync(string clientId, CancellationToken cancellationToken);

    /// <summary>Called after a profile was deleted, so that publishing can retire what belongs to it.</summary>
    Task ProfileDeletedAsync(string clientId, string profileId, CancellationToken cancellationToken);
}
