namespace McpOrchestrator.Core.Profiles;

/// <summary>The <see cref="IProfileVersionSource"/> used until publishing registers its own: nothing is published
/// or deployed.</summary>
internal sealed class NothingPublished : IProfileVersionSource
{
    public Task<IReadOnlyDictionary<string, ProfileVersions>> GetVersionsAsync(string clientId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, ProfileVersions>>(new Dictionary<string, ProfileVersions>());

    public Task ProfileDeletedAsync(string clientId, string profileId, CancellationToken cancellationToken) => Task.CompletedTask;
}
