using McpOrchestrator.Core.Paging;
using McpOrchestrator.Core.Problems;
using McpOrchestrator.Core.Publishing;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Core.Tests.Publishing;

/// <summary>A profile's history page by page on a real Azurite: versions and deployments, each newest first.</summary>
public sealed class PublishingHistoryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private readonly ManualTimeProvider _clock = new(PublishingHost.Start);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(100)]
    public async Task ReadPage_FollowingCursors_ListsEveryVersionAndDeploymentOnce_NewestFirst(int limit)
    {
        var host = await PublishingHost.StartAsync(azurite, _clock);
        for (var version = 1; version <= 5; version++)
        {
            await host.PublishAsync(PublishingHost.Servers("s" + version));
        }

        foreach (var version in new[] { 1, 3, 2 })
        {
            await host.DeployAsync(version);
        }

        await host.PublishAsync(PublishingHost.Servers("other"), profileId: "other");
        var history = new PublishingHistory(host.Artifacts, host.Deployments);

        var versions = new List<int>();
        var deployed = new List<(int Sequence, int Version)>();
        string? cursor = null;
        do
        {
            var page = await history.ReadPageAsync("claude-desktop", "default", new PageRequest { Limit = limit, Cursor = cursor }, CancellationToken.None);
            Assert.InRange(page.Artifacts.Count, 0, limit);
            Assert.InRange(page.Deployments.Count, 0, limit);
            versions.AddRange(page.Artifacts.Select(a => a.Version));
            deployed.AddRange(page.Deployments.Select(d => (d.Sequence, d.Version)));
            cursor = page.Next;
            Assert.True(versions.Count <= 5, "Paging does not end.");
        }
        while (cursor is not null);

        Assert.Equal([5, 4, 3, 2, 1], versions);
        Assert.Equal([(3, 2), (2, 3), (1, 1)], deployed);
    }

    [Fact]
    public async Task ReadPage_NothingPublished_IsAnEmptyLastPage()
    {
        var host = await PublishingHost.StartAsync(azurite, _clock);

        var page = await new PublishingHistory(host.Artifacts, host.Deployments).ReadPageAsync("claude-desktop", "default", PageRequest.First, CancellationToken.None);

        Assert.Empty(page.Artifacts);
        Assert.Empty(page.Deployments);
        Assert.Null(page.Next);
    }

    [Theory]
    [InlineData("3")]
    [InlineData("-1.2")]
    [InlineData("1.x")]
    [InlineData(".")]
    public async Task ReadPage_CursorWithAMalformedPosition_InvalidCursor(string position)
    {
        var host = await PublishingHost.StartAsync(azurite, _clock, initializeKeys: false);
        var history = new PublishingHistory(host.Artifacts, host.Deployments);

        var problem = (await Assert.ThrowsAsync<ProblemException>(() => history.ReadPageAsync(
            "claude-desktop", "default", new PageRequest { Cursor = PageCursor.Write("history", position) }, CancellationToken.None))).Problem;

        Assert.Equal((400, "invalid_cursor"), (problem.Status, problem.Code));
    }
}
