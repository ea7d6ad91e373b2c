using McpOrchestrator.Core.Profiles;
using McpOrchestrator.Core.Publishing.Deployments;
using McpOrchestrator.Core.Signing;
using McpOrchestrator.Core.Storage;
using McpOrchestrator.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace McpOrchestrator.Core.Tests.Publishing;

/// <summary>Publishing's side of the profiles seam: latest and deployed versions per profile of one client, and what
/// deleting a profile does to what was live.</summary>
public sealed class PublishedProfileVersionsTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private readonly ManualTimeProvider _clock = new(PublishingHost.Start);

    [Fact]
    public async Task GetVersions_ListsEachProfileOfTheClient_AndNoOtherClientsEvenWithSharedPrefixes()
    {
        var host = await PublishingHost.StartAsync(azurite, _clock);
        var versions = new PublishedProfileVersions(host.Artifacts, host.Deployments);
        Assert.Empty(await versions.GetVersionsAsync("claude", CancellationToken.None));
        await host.PublishAsync(PublishingHost.Servers("a"), "claude", "default");
        await host.PublishAsync(PublishingHost.Servers("b"), "claude", "default");
        await host.DeployAsync(1, "claude", "default");
        await host.PublishAsync(PublishingHost.Servers("a"), "claude", "dev");
        foreach (var other in new[] { "claude-desktop", "claude.x", "claudex", "claude0" })
        {
            await host.PublishAsync(PublishingHost.Servers("a"), other, "default");
            await host.DeployAsync(clientId: other, profileId: "default");
        }

        var claude = await versions.GetVersionsAsync("claude", CancellationToken.None);

        Assert.Equal(
            [("default", new ProfileVersions(2, 1)), ("dev", new ProfileVersions(1, null))],
            claude.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value)));
        Assert.Equal(new ProfileVersions(1, 1), (await versions.GetVersionsAsync("claude-desktop", CancellationToken.None))["default"]);
        Assert.Empty(await versions.GetVersionsAsync("cursor", CancellationToken.None));
    }

    [Fact]
    public async Task GetVersions_OfARangeOfProfiles_ReadsOnlyThoseProfiles_BothEndsIncluded()
    {
        var host = await PublishingHost.StartAsync(azurite, _clock);
        IProfileVersionSource versions = new PublishedProfileVersions(host.Artifacts, host.Deployments);
        foreach (var profile in new[] { "a", "b", "b0", "c", "d" })
        {
            await host.PublishAsync(PublishingHost.Servers("s"), profileId: profile);
            await host.DeployAsync(profileId: profile);
        }

        await host.PublishAsync(PublishingHost.Servers("s"), "claude-desktop0", "c");

        var range = await versions.GetVersionsAsync("claude-desktop", "b", "c", CancellationToken.None);

        Assert.Equal(["b", "b0", "c"], range.Keys.Order(StringComparer.Ordinal));
        Assert.All(range.Values, v => Assert.Equal(new ProfileVersions(1, 1), v));
    }

    [Fact]
    public async Task ProfileDeleted_LeavesNothingLive_KeepsHistoryAndArtifacts_AndALaterDeployContinuesTheSequence()
    {
        var host = await PublishingHost.StartAsync(azurite, _clock);
        var versions = new PublishedProfileVersions(host.Artifacts, host.Deployments);
        await host.PublishAsync(PublishingHost.Servers("a"), profileId: "dev");
        await host.PublishAsync(PublishingHost.Servers("b"), profileId: "dev");
        await host.DeployAsync(2, profileId: "dev");
        await host.PublishAsync(PublishingHost.Servers("a"), profileId: "default");
        await host.DeployAsync(profileId: "default");

        await versions.ProfileDeletedAsync("claude-desktop", "dev", CancellationToken.None);
        await versions.ProfileDeletedAsync("claude-desktop", "dev", CancellationToken.None);
        await versions.ProfileDeletedAsync("claude-desktop", "never-deployed", CancellationToken.None);

        Assert.Null(await host.Deployments.GetCurrentAsync("claude-desktop", "dev", CancellationToken.None));
        var all = await versions.GetVersionsAsync("claude-desktop", CancellationToken.None);
        Assert.Equal(new ProfileVersions(2, null), all["dev"]);
        Assert.Equal(new ProfileVersions(1, 1), all["default"]);
        Assert.Single(await host.Deployments.ListAsync("claude-desktop", "dev", CancellationToken.None));
        Assert.Equal(2, (await host.Artifacts.ListAsync("claude-desktop", "dev", CancellationToken.None)).Count);

        var redeployed = await host.DeployAsync(1, profileId: "dev");

        Assert.Equal((2, 1, (int?)null, false), (redeployed.Sequence, redeployed.Version, redeployed.PreviousVersion, redeployed.IsRollback));
        Assert.Equal(redeployed, await host.Deployments.GetCurrentAsync("claude-desktop", "dev", CancellationToken.None));
        Assert.Equal(new ProfileVersions(2, 1), (await versions.GetVersionsAsync("claude-desktop", CancellationToken.None))["dev"]);
    }

    [Fact]
    public void AddDeploymentStore_ReplacesTheNothingPublishedDefault_WhicheverIsRegisteredFirst()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
        }).Build();
        var before = new ServiceCollection().AddLogging().AddTableStorage(configuration).AddSigning(configuration);
        before.TryAddSingleton<IProfileVersionSource, Placeholder>();
        before.AddDeploymentStore();
        var after = new ServiceCollection().AddLogging().AddTableStorage(configuration).AddSigning(configuration).AddDeploymentStore();
        after.TryAddSingleton<IProfileVersionSource, Placeholder>();

        foreach (var services in new[] { before, after })
        {
            using var provider = services.BuildServiceProvider();
            Assert.IsType<PublishedProfileVersions>(provider.GetRequiredService<IProfileVersionSource>());
            Assert.Same(provider.GetRequiredService<DeploymentStore>(), provider.GetRequiredService<DeploymentStore>());
            Assert.Same(provider.GetRequiredService<Core.Publishing.Artifacts.ArtifactStore>(), provider.GetRequiredService<Core.Publishing.Artifacts.ArtifactStore>());
        }
    }

    private sealed class Placeholder : IProfileVersionSource
    {
        public Task<IReadOnlyDictionary<string, ProfileVersions>> GetVersionsAsync(string clientId, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task ProfileDeletedAsync(string clientId, string profileId, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
