using Azure.Data.Tables;
using McpOrchestrator.Core.Drafts;
using McpOrchestrator.Core.Paging;
using McpOrchestrator.Core.Problems;
using McpOrchestrator.Core.Profiles;
using McpOrchestrator.Core.Tests.Drafts;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Core.Tests.Profiles;

/// <summary>Profiles on a real Azurite.</summary>
public sealed class ProfileServiceTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Client = "cursor";
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task List_OfAClientNeverTouched_IsTheImplicitDefault()
    {
        var host = ConfigHost.OnAzurite(azurite);

        var profile = Assert.Single(await host.Profiles.ListAsync(Client, None));

        Assert.Equal(new Profile { ClientId = Client, Id = "default" }, profile);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(100)]
    public async Task ListPage_FollowingCursors_ListsEveryProfileOnce_TheImplicitDefaultWhereItSorts(int limit)
    {
        var host = ConfigHost.OnAzurite(azurite);
        foreach (var id in new[] { "zeta", "alpha", "dev", "beta" })
        {
            await host.Profiles.PutAsync(Client, id, null, None);
        }

        var ids = new List<string>();
        string? cursor = null;
        do
        {
            var page = await host.Profiles.ListPageAsync(Client, new PageRequest { Limit = limit, Cursor = cursor }, None);
            Assert.InRange(page.Items.Count, page.Next is null ? 1 : limit, limit);
            ids.AddRange(page.Items.Select(p => p.Id));
            cursor = page.Next;
            Assert.True(ids.Count <= 10, "Paging does not end.");
        }
        while (cursor is not null);

        Assert.Equal(["alpha", "beta", "default", "dev", "zeta"], ids);
    }

    [Fact]
    public async Task ListPage_DescribedDefault_IsListedOnce()
    {
        var host = ConfigHost.OnAzurite(azurite);
        await host.Profiles.PutAsync(Client, "default", new ProfileRequest { Description = "the one" }, None);
        await host.Profiles.PutAsync(Client, "dev", null, None);

        var first = await host.Profiles.ListPageAsync(Client, new PageRequest { Limit = 1 }, None);
        var second = await host.Profiles.ListPageAsync(Client, new PageRequest { Limit = 1, Cursor = first.Next }, None);

        Assert.Equal([("default", "the one")], first.Items.Select(p => (p.Id, p.Description)));
        Assert.Equal(["dev"], second.Items.Select(p => p.Id));
        Assert.Null(second.Next);
    }

    [Fact]
    public async Task ListPage_ServersCursor_InvalidCursor()
    {
        var host = ConfigHost.OnAzurite(azurite);

        var problem = (await Assert.ThrowsAsync<ProblemException>(() => host.Profiles.ListPageAsync(
            Client, new PageRequest { Cursor = PageCursor.Write("servers", "dev") }, None))).Problem;

        Assert.Equal((400, "invalid_cursor"), (problem.Status, problem.Code));
    }

    [Fact]
    public async Task List_UnknownClient_404ClientNotFound()
    {
        var host = ConfigHost.OnAzurite(azurite);

        var problem = (await Assert.ThrowsAsync<ProblemException>(() => host.Profiles.ListAsync("not-a-client", None))).Problem;

        Assert.Equal((404, "client_not_found"), (problem.Status, problem.Code));
    }

    [Fact]
    public async Task Put_Creates_ThenDescribes_Idempotently()
    {
        var host = ConfigHost.OnAzurite(azurite);

        var (created, wasCreated) = await host.Profiles.PutAsync(Client, "dev", new ProfileRequest { Description = "  Development tools " }, None);
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var (same, createdAgain) = await host.Profiles.PutAsync(Client, "dev", null, None);
        var (described, _) = await host.Profiles.PutAsync(Client, "dev", new ProfileRequest { Description = "Dev" }, None);
        var (cleared, _) = await host.Profiles.PutAsync(Client, "dev", new ProfileRequest { Description = "" }, None);

        Assert.True(wasCreated);
        Assert.False(createdAgain);
        Assert.Equal(("Development tools", ConfigHost.Start, ConfigHost.Start), (created.Description, created.CreatedAt, created.UpdatedAt));
        Assert.Equal(created, same);
        Assert.Equal(("Dev", ConfigHost.Start.AddMinutes(1)), (described.Description, described.UpdatedAt));
        Assert.Null(cleared.Description);
        Assert.Equal(["default", "dev"], (await host.Profiles.ListAsync(Client, None)).Select(p => p.Id));
    }

    [Fact]
    public async Task Put_Default_IsNotACreation_ButDescribesIt()
    {
        var host = ConfigHost.OnAzurite(azurite);

        var (profile, created) = await host.Profiles.PutAsync(Client, "default", new ProfileRequest { Description = "Standard" }, None);

        Assert.False(created);
        Assert.Equal("Standard", profile.Description);
        Assert.Equal("Standard", Assert.Single(await host.Profiles.ListAsync(Client, None)).Description);
    }

    [Fact]
    public async Task List_ShowsDraftSize_AndPublishedVersions()
    {
        var host = ConfigHost.OnAzurite(azurite);
        await host.Drafts.AddAsync(Client, "default", new AddEntryRequest { ServerId = "memory" }, null, None);
        await host.Drafts.AddAsync(Client, "default", new AddEntryRequest { ServerId = "time" }, null, None);
        host.Versions.Versions["default"] = new ProfileVersions(3, 2);

        var profile = Assert.Single(await host.Profiles.ListAsync(Client, None));

        Assert.Equal((2, 3, 2), (profile.DraftEntries, profile.LatestVersion, profile.DeployedVersion));
    }

    [Fact]
    public async Task Delete_RemovesProfileAndDraft_ARecreatedProfileStartsEmpty()
    {
        var host = ConfigHost.OnAzurite(azurite);
        await host.Profiles.PutAsync(Client, "dev", null, None);
        await host.Drafts.AddAsync(Client, "dev", new AddEntryRequest { ServerId = "memory" }, null, None);

        await host.Profiles.DeleteAsync(Client, "dev", force: false, None);

        Assert.Equal(["default"], (await host.Profiles.ListAsync(Client, None)).Select(p => p.Id));
        Assert.Equal("profile_not_found", (await Assert.ThrowsAsync<ProblemException>(() => host.Drafts.GetAsync(Client, "dev", None))).Problem.Code);
        Assert.Equal(["cursor/dev"], host.Versions.Deleted);
        await host.Profiles.PutAsync(Client, "dev", null, None);
        Assert.Empty((await host.Drafts.GetAsync(Client, "dev", None)).Entries);
        var rows = new List<string>();
        await foreach (var row in host.ProfileTable.QueryAsync<TableEntity>())
        {
            rows.Add(row.RowKey);
        }

        Assert.Equal(["p|dev"], rows);
    }

    [Fact]
    public async Task Delete_Default_Unknown_AndDeployed_AreRefused()
    {
        var host = ConfigHost.OnAzurite(azurite);
        await host.Profiles.PutAsync(Client, "prod", null, None);
        host.Versions.Versions["prod"] = new ProfileVersions(4, 4);

        var @default = (await Assert.ThrowsAsync<ProblemException>(() => host.Profiles.DeleteAsync(Client, "default", force: true, None))).Problem;
        var unknown = (await Assert.ThrowsAsync<ProblemException>(() => host.Profiles.DeleteAsync(Client, "nope", force: false, None))).Problem;
        var deployed = (await Assert.ThrowsAsync<ProblemException>(() => host.Profiles.DeleteAsync(Client, "prod", force: false, None))).Problem;

        Assert.Equal((409, "default_profile"), (@default.Status, @default.Code));
        Assert.Equal((404, "profile_not_found"), (unknown.Status, unknown.Code));
        Assert.Equal((409, "profile_deployed"), (deployed.Status, deployed.Code));
        Assert.Contains("force=true", deployed.Detail, StringComparison.Ordinal);
        await host.Profiles.DeleteAsync(Client, "prod", force: true, None);
        Assert.Equal(["default"], (await host.Profiles.ListAsync(Client, None)).Select(p => p.Id));
    }

    [Fact]
    public async Task Profiles_AreKeptPerClient()
    {
        var host = ConfigHost.OnAzurite(azurite);
        await host.Profiles.PutAsync("cursor", "dev", null, None);

        Assert.Equal(["default"], (await host.Profiles.ListAsync("vscode", None)).Select(p => p.Id));
        Assert.Equal("profile_not_found", (await Assert.ThrowsAsync<ProblemException>(() => host.Profiles.GetAsync("vscode", "dev", None))).Problem.Code);
    }

    [Theory]
    [InlineData("a\nb")]
    [InlineData("\u202Eevil")]
    public async Task Put_BadDescription_InvalidDescription(string description)
    {
        var host = ConfigHost.OnAzurite(azurite);

        var problem = (await Assert.ThrowsAsync<ProblemException>(() => host.Profiles.PutAsync(Client, "dev", new ProfileRequest { Description = description }, None))).Problem;

        Assert.Equal((400, "invalid_description"), (problem.Status, problem.Code));
    }

    [Fact]
    public async Task Put_DescriptionTooLong_InvalidDescription()
    {
        var host = ConfigHost.OnAzurite(azurite);

        var problem = (await Assert.ThrowsAsync<ProblemException>(() => host.Profiles.PutAsync(Client, "dev", new ProfileRequest { Description = new string('d', 501) }, None))).Problem;

        Assert.Equal("invalid_description", problem.Code);
    }
}
