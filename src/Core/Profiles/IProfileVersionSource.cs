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

    /// <summary>Versions of the profiles of <paramref name="clientId"/> with an id from <paramref name="firstProfile"/>
    /// to <paramref name="lastProfile"/> (ordinal, both included) that have any: what one page of profiles shows. A
    /// source that can read just that range should; this default reads them all and keeps the range.</summary>
    async Task<IReadOnlyDictionary<string, ProfileVersions>> GetVersionsAsync(string clientId, string firstProfile, string lastProfile, CancellationToken cancellationToken) =>
        (await GetVersionsAsync(clientId, cancellationToken))
            .Where(pair => string.CompareOrdinal(pair.Key, firstProfile) >= 0 && string.CompareOrdinal(pair.Key, lastProfile) <= 0)
            .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);

    /// <summary>Called after a profile was deleted, so that publishing can retire what belongs to it.</summary>
    Task ProfileDeletedAsync(string clientId, string profileId, CancellationToken cancellationToken);
}
