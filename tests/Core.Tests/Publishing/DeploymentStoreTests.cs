using System.Reflection;
using Azure.Data.Tables;
using McpOrchestrator.Core.Problems;
using McpOrchestrator.Core.Publishing.Deployments;
using McpOrchestrator.TestSupport;
using Microsoft.Extensions.Logging;

namespace McpOrchestrator.Core.Tests.Publishing;

/// <summary>Deployments on a real Azurite: the live pointer and its append-only history, rollback, refusals, and
/// concurrent and repeated deploys.</summary>
public sealed class DeploymentStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private readonly ManualTimeProvider _clock = new(PublishingHost.Start);

    [Fact]
    public async Task PublishDeployPublishDeployRollback_HistoryAndCurrentTellTheWholeStory()
    {
        var host = await PublishingHost.StartAsync(azurite, _clock);
        Assert.Null(await host.Deployments.GetCurrentAsync("claude-desktop", "default", CancellationToken.None));
        Assert.Empty(await host.Deployments.ListAsync("claude-desktop", "default", CancellationToken.None));

        var v1 = await host.PublishAsync(PublishingHost.Servers("a"));
        var first = await host.DeployAsync();
        _clock.Advance(TimeSpan.FromMinutes(1));
        var v2 = await host.PublishAsync(PublishingHost.Servers("a", "b"));
        Assert.Equal(1, (await host.Deployments.GetCurrentAsync("claude-desktop", "default", CancellationToken.None))!.Version);
        var second = await host.DeployAsync(2);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var rollback = await host.DeployAsync(1);

        Assert.Equal(
            new Deployment
            {
                DeploymentId = "claude-desktop:default:1",
                Sequence = 1,
                ClientId = "claude-desktop",
                ProfileId = "default",
                Version = 1,
                ArtifactId = v1.ArtifactId,
                DeployedAt = PublishingHost.Start,
                DeployedBy = "api-key",
                PreviousVersion = null,
                IsRollback = false,
            },
            first);
        Assert.Equal((2, v2.ArtifactId, 1, false, 2), (second.Version, second.ArtifactId, second.PreviousVersion, second.IsRollback, second.Sequence));
        Assert.Equal((1, v1.ArtifactId, 2, true, 3, "claude-desktop:default:3"), (rollback.Version, rollback.ArtifactId, rollback.PreviousVersion, rollback.IsRollback, rollback.Sequence, rollback.DeploymentId));
        Assert.Equal(PublishingHost.Start.AddMinutes(2), rollback.DeployedAt);
        Assert.Equal(rollback, await host.Deployments.GetCurrentAsync("claude-desktop", "default", CancellationToken.None));
        Assert.Equal([rollback, second, first], await host.Deployments.ListAsync("claude-desktop", "default", CancellationToken.None));
    }

    [Fact]
    public async Task Deploy_WithoutVersion_DeploysTheLatest_AndRedeployingTheLiveVersionIsNoRollback()
    {
        var host = await PublishingHost.StartAsync(azurite, _clock);
        await host.PublishAsync(PublishingHost.Servers("a"));
        var latest = await host.PublishAsync(PublishingHost.Servers("b"));

        var deployed = await host.DeployAsync();
        var again = await host.DeployAsync();

        Assert.Equal((2, latest.ArtifactId), (deployed.Version, deployed.ArtifactId));
        Assert.Equal((2, 2, false, 2), (again.Version, again.PreviousVersion, again.IsRollback, again.Sequence));
    }

    [Fact]
    public async Task Deploy_AVersionThatDoesNotExist_Is404VersionNotFound_NamingTheVersionsThatDo()
    {
        var host = await PublishingHost.StartAsync(azurite, _clock);
        var beforeAnyPublish = await Assert.ThrowsAsync<ProblemException>(() => host.DeployAsync(1));
        await host.PublishAsync(PublishingHost.Servers("a"));
        await host.PublishAsync(PublishingHost.Servers("b"));

        var missing = await Assert.ThrowsAsync<ProblemException>(() => host.DeployAsync(3));

        Assert.Equal((404, "version_not_found"), (missing.Problem.Status, missing.Problem.Code));
        Assert.Contains("no version 3", missing.Problem.Detail, StringComparison.Ordinal);
        Assert.Contains("1 to 2", missing.Problem.Detail, StringComparison.Ordinal);
        Assert.Equal(2, missing.Problem.Extensions["latestVersion"]);
        Assert.Equal("version_not_found", beforeAnyPublish.Problem.Code);
        Assert.Contains("nothing has been published", beforeAnyPublish.Problem.Detail, StringComparison.Ordinal);
        Assert.Empty(await PublishingHost.RowsAsync(host.Deployments.Table));
    }

    [Fact]
    public async Task Deploy_LatestWhenNothingIsPublished_Is404NothingPublished_AndVersionZero_Is400()
    {
        var host = await PublishingHost.StartAsync(azurite, _clock);
        await host.PublishAsync(PublishingHost.Servers("a"), profileId: "other");

        var nothing = await Assert.ThrowsAsync<ProblemException>(() => host.DeployAsync());
        var zero = await Assert.ThrowsAsync<ProblemException>(() => host.DeployAsync(0));

        Assert.Equal((404, "nothing_published"), (nothing.Problem.Status, nothing.Problem.Code));
        Assert.Contains("POST /v1/config/claude-desktop/default/publish", nothing.Problem.Detail, StringComparison.Ordinal);
        Assert.Equal((400, "invalid_version"), (zero.Problem.Status, zero.Problem.Code));
        Assert.Empty(await PublishingHost.RowsAsync(host.Deployments.Table));
    }

    [Fact]
    public async Task Deploy_ConcurrentlyFromTenInstances_GivesConsecutiveSequences_AndAnUnbrokenChain()
    {
        using var logs = new CapturedLogs();
        using var loggers = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
        var host = await PublishingHost.StartAsync(azurite, _clock, loggers);
        for (var i = 0; i < 3; i++)
        {
            await host.PublishAsync(PublishingHost.Servers("s" + i));
        }

        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var deploys = Enumerable.Range(0, 10).Select(i =>
        {
            var instance = host.Sibling();
            return Task.Run(async () =>
            {
                await go.Task;
                return await instance.DeployAsync((i % 3) + 1);
            });
        }).ToList();
        go.SetResult();
        var results = await Task.WhenAll(deploys);

        Assert.Equal(Enumerable.Range(1, 10), results.Select(d => d.Sequence).Order());
        var history = await host.Deployments.ListAsync("claude-desktop", "default", CancellationToken.None);
        Assert.Equal(Enumerable.Range(1, 10).Reverse(), history.Select(d => d.Sequence));
        for (var i = 0; i < history.Count - 1; i++)
        {
            Assert.Equal(history[i + 1].Version, history[i].PreviousVersion);
            Assert.Equal(history[i].Version < history[i + 1].Version, history[i].IsRollback);
        }

        Assert.Null(history[^1].PreviousVersion);
        Assert.Equal(history[0], await host.Deployments.GetCurrentAsync("claude-desktop", "default", CancellationToken.None));
        Assert.Equal(results.OrderByDescending(d => d.Sequence), history);
        Assert.Contains(logs.Lines, line => line.Message.Contains("A concurrent deploy", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Deploy_WithTheSameIdempotencyKey_RecordsOneDeployment_EvenConcurrently()
    {
        var host = await PublishingHost.StartAsync(azurite, _clock);
        await host.PublishAsync(PublishingHost.Servers("a"));
        await host.PublishAsync(PublishingHost.Servers("b"));
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var calls = Enumerable.Range(0, 6).Select(_ =>
        {
            var instance = host.Sibling();
            return Task.Run(async () =>
            {
                await go.Task;
                return await instance.DeployAsync(idempotencyKey: "pipeline-42");
            });
        }).ToList();
        go.SetResult();
        var results = await Task.WhenAll(calls);
        await host.PublishAsync(PublishingHost.Servers("c"));
        var retried = await host.DeployAsync(idempotencyKey: "pipeline-42");
        var conflicting = await Assert.ThrowsAsync<ProblemException>(() => host.DeployAsync(1, idempotencyKey: "pipeline-42"));

        Assert.Single(results.Distinct());
        Assert.Equal((1, 2), (results[0].Sequence, results[0].Version));
        Assert.Equal(results[0], retried);
        Assert.Single(await host.Deployments.ListAsync("claude-desktop", "default", CancellationToken.None));
        Assert.Equal((409, "idempotency_key_reused"), (conflicting.Problem.Status, conflicting.Problem.Code));
    }

    [Fact]
    public async Task Deployments_OfOneProfile_NeverTouchAnother()
    {
        var host = await PublishingHost.StartAsync(azurite, _clock);
        await host.PublishAsync(PublishingHost.Servers("a"), profileId: "default");
        await host.PublishAsync(PublishingHost.Servers("a"), profileId: "dev");
        await host.PublishAsync(PublishingHost.Servers("b"), profileId: "dev");

        await host.DeployAsync(profileId: "default");
        await host.DeployAsync(1, profileId: "dev");
        var dev = await host.DeployAsync(2, profileId: "dev");

        var current = await host.Deployments.GetCurrentAsync("claude-desktop", "default", CancellationToken.None);
        Assert.Equal((1, 1, (int?)null), (current!.Version, current.Sequence, current.PreviousVersion));
        Assert.Equal((2, 2, (int?)1), (dev.Version, dev.Sequence, dev.PreviousVersion));
        Assert.Single(await host.Deployments.ListAsync("claude-desktop", "default", CancellationToken.None));
        Assert.Null(await host.Deployments.GetCurrentAsync("cursor", "default", CancellationToken.None));
    }

    [Fact]
    public async Task History_IsAppendOnly_RowsNeverChange_AndTheStoreHasNoWayToEditThem()
    {
        var publicMethods = typeof(DeploymentStore).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Select(m => m.Name).Order(StringComparer.Ordinal);
        Assert.Equal(["DeployAsync", "GetCurrentAsync", "ListAsync", "ListPageAsync"], publicMethods);
        var host = await PublishingHost.StartAsync(azurite, _clock);
        await host.PublishAsync(PublishingHost.Servers("a"));
        await host.DeployAsync();
        var before = (await host.Deployments.Table.GetEntityAsync<TableEntity>("claude-desktop:default", "d0000000001")).Value;

        await host.PublishAsync(PublishingHost.Servers("b"));
        await host.DeployAsync();
        await host.DeployAsync(1);

        var after = (await host.Deployments.Table.GetEntityAsync<TableEntity>("claude-desktop:default", "d0000000001")).Value;
        Assert.Equal((before.ETag, before.Timestamp), (after.ETag, after.Timestamp));
        Assert.Equal(
            ["current", "d0000000001", "d0000000002", "d0000000003"],
            (await PublishingHost.RowsAsync(host.Deployments.Table)).Select(r => r.RowKey));
    }
}
