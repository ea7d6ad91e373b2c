using Azure.Data.Tables;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Paging;
using McpOrchestrator.Core.Problems;
using McpOrchestrator.Core.Registry;
using McpOrchestrator.Core.Tests.Drafts;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Core.Tests.Registry;

/// <summary>The registry on a real Azurite: search, filters, custom entries, built-in protection, and the snapshot
/// that keeps listing fast.</summary>
public sealed class ServerRegistryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task List_NoFilter_IsEveryBuiltIn_OrderedById()
    {
        var host = ConfigHost.OnAzurite(azurite);

        var all = await host.Registry.ListAsync(new ServerQuery(), None);

        Assert.Equal(BuiltInServers.All.Select(s => s.Id).Order(StringComparer.Ordinal), all.Select(s => s.Id));
    }

    [Theory]
    [InlineData("POSTGRES", new[] { "postgres" })]
    [InlineData("version-control", new[] { "git", "github", "github-remote" })]
    [InlineData("knowledge graph", new[] { "memory" })]
    [InlineData("jira", new[] { "atlassian" })]
    [InlineData("  ", null)]
    [InlineData("no such thing anywhere", new string[0])]
    public async Task List_Q_SearchesIdNameDescriptionAndTags_CaseInsensitively_AllTerms(string q, string[]? expected)
    {
        var host = ConfigHost.OnAzurite(azurite);

        var found = await host.Registry.ListAsync(new ServerQuery { Q = q }, None);

        Assert.Equal(expected ?? [.. BuiltInServers.All.Select(s => s.Id).Order(StringComparer.Ordinal)], found.Select(s => s.Id));
    }

    [Fact]
    public async Task List_TransportAndTag_Filter_AndCombine()
    {
        var host = ConfigHost.OnAzurite(azurite);

        var sse = await host.Registry.ListAsync(new ServerQuery { Transport = "sse" }, None);
        var remoteDocs = await host.Registry.ListAsync(new ServerQuery { Transport = "http", Tag = "docs" }, None);
        var database = await host.Registry.ListAsync(new ServerQuery { Tag = "database" }, None);

        Assert.Equal(["atlassian"], sse.Select(s => s.Id));
        Assert.Equal(["cloudflare-docs", "context7", "deepwiki", "microsoft-learn", "notion"], remoteDocs.Select(s => s.Id));
        Assert.Equal(["postgres", "sqlite"], database.Select(s => s.Id));
        Assert.All(await host.Registry.ListAsync(new ServerQuery { Transport = "stdio" }, None), s => Assert.Equal(Transport.Stdio, s.Transport));
    }

    [Theory]
    [InlineData(null, "HTTP", null)]
    [InlineData(null, "websocket", null)]
    [InlineData(null, "' or 1 eq 1", null)]
    [InlineData(null, null, "Database")]
    [InlineData(null, null, "a/../b")]
    [InlineData(null, null, "x' or PartitionKey ne '")]
    [InlineData("a\u0000b", null, null)]
    [InlineData("line\nbreak", null, null)]
    public async Task List_MalformedFilter_InvalidQuery(string? q, string? transport, string? tag)
    {
        var host = ConfigHost.OnAzurite(azurite);

        var problem = (await Assert.ThrowsAsync<ProblemException>(() => host.Registry.ListAsync(new ServerQuery { Q = q, Transport = transport, Tag = tag }, None))).Problem;

        Assert.Equal((400, "invalid_query"), (problem.Status, problem.Code));
    }

    [Fact]
    public async Task List_QueryTooLong_InvalidQuery()
    {
        var host = ConfigHost.OnAzurite(azurite);

        var problem = (await Assert.ThrowsAsync<ProblemException>(() => host.Registry.ListAsync(new ServerQuery { Q = new string('q', 201) }, None))).Problem;

        Assert.Equal("invalid_query", problem.Code);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(100)]
    [InlineData(1000)]
    public async Task ListPage_FollowingCursors_CollectsEveryEntryOnce_InIdOrder(int limit)
    {
        var host = ConfigHost.OnAzurite(azurite);
        await RegisterAsync(host, 120, tagEvery: 3);
        var expected = (await host.Registry.ListAsync(new ServerQuery(), None)).Select(s => s.Id).ToList();

        var listed = await ListAllPagesAsync(host, new ServerQuery(), limit);

        Assert.Equal(BuiltInServers.All.Count + 120, expected.Count);
        Assert.Equal(expected, listed);
    }

    [Fact]
    public async Task ListPage_FilterAndPaging_Combine()
    {
        var host = ConfigHost.OnAzurite(azurite);
        await RegisterAsync(host, 120, tagEvery: 3);

        var tagged = await ListAllPagesAsync(host, new ServerQuery { Tag = "paged", Transport = "stdio" }, limit: 7);
        var searched = await ListAllPagesAsync(host, new ServerQuery { Q = "paging entry" }, limit: 7);

        Assert.Equal(Enumerable.Range(0, 120).Where(i => i % 3 == 0).Select(Id), tagged);
        Assert.Equal(Enumerable.Range(0, 120).Select(Id), searched);
    }

    [Fact]
    public async Task ListPage_DefaultLimit_Is100_WithANextCursor_AndTheLastPageHasNone()
    {
        var host = ConfigHost.OnAzurite(azurite);
        await RegisterAsync(host, 120, tagEvery: 3);

        var first = await host.Registry.ListPageAsync(new ServerQuery(), PageRequest.First, None);
        var second = await host.Registry.ListPageAsync(new ServerQuery(), new PageRequest { Cursor = first.Next }, None);

        Assert.Equal(PageRequest.DefaultLimit, first.Items.Count);
        Assert.NotNull(first.Next);
        Assert.Equal(BuiltInServers.All.Count + 120 - PageRequest.DefaultLimit, second.Items.Count);
        Assert.Null(second.Next);
    }

    [Fact]
    public async Task ListPage_CursorOfAnEntryDeletedSince_ContinuesAfterIt()
    {
        var host = ConfigHost.OnAzurite(azurite);
        await RegisterAsync(host, 10, tagEvery: 1);
        var query = new ServerQuery { Tag = "paged" };
        var first = await host.Registry.ListPageAsync(query, new PageRequest { Limit = 4 }, None);

        await host.Registry.DeleteCustomAsync(first.Items[^1].Id, None);
        var rest = await host.Registry.ListPageAsync(query, new PageRequest { Limit = 100, Cursor = first.Next }, None);

        Assert.Equal(Enumerable.Range(4, 6).Select(Id), rest.Items.Select(s => s.Id));
    }

    [Theory]
    [InlineData("garbage!")]
    [InlineData("MTpzZXJ2ZXJzOi4uL2V0Yw")]
    [InlineData("MTp0b2tlbnM6MDEyMzQ1Njc4OWFiY2RlZg")]
    public async Task ListPage_MalformedOrForeignCursor_InvalidCursor(string cursor)
    {
        var host = ConfigHost.OnAzurite(azurite);

        var problem = (await Assert.ThrowsAsync<ProblemException>(() => host.Registry.ListPageAsync(new ServerQuery(), new PageRequest { Cursor = cursor }, None))).Problem;

        Assert.Equal((400, "invalid_cursor"), (problem.Status, problem.Code));
    }

    [Fact]
    public async Task Get_BuiltIn_Unknown_AndMalformed()
    {
        var host = ConfigHost.OnAzurite(azurite);

        Assert.Equal("Filesystem", (await host.Registry.GetAsync("filesystem", None)).Name);
        var missing = (await Assert.ThrowsAsync<ProblemException>(() => host.Registry.GetAsync("nope", None))).Problem;
        var malformed = (await Assert.ThrowsAsync<ProblemException>(() => host.Registry.GetAsync("../etc", None))).Problem;

        Assert.Equal((404, "server_not_found"), (missing.Status, missing.Code));
        Assert.Equal((400, "invalid_server_id"), (malformed.Status, malformed.Code));
    }

    [Fact]
    public async Task PutCustom_Creates_ThenReplaces_AndIsListedAndSearchable()
    {
        var host = ConfigHost.OnAzurite(azurite);
        var request = ConfigHost.StdioRequest("acme-mcp", "--port", "{port}") with
        {
            Description = "Acme's internal tools",
            Parameters = [new ServerParameterRequest { Name = "port", Type = "int", Default = "9000" }],
            Tags = ["internal"],
        };

        var (created, wasCreated) = await host.Registry.PutCustomAsync("acme", request, None);
        var (replaced, wasCreatedAgain) = await host.Registry.PutCustomAsync("acme", request with { Name = "Acme v2" }, None);

        Assert.True(wasCreated);
        Assert.False(wasCreatedAgain);
        Assert.Equal(("Acme", false), (created.Name, created.BuiltIn));
        Assert.Equal("Acme v2", replaced.Name);
        Assert.Equal("Acme v2", (await host.Registry.GetAsync("acme", None)).Name);
        Assert.Equal(["acme"], (await host.Registry.ListAsync(new ServerQuery { Q = "INTERNAL tools" }, None)).Select(s => s.Id));
        var all = await host.Registry.ListAsync(new ServerQuery(), None);
        Assert.Equal(BuiltInServers.All.Count + 1, all.Count);
        Assert.Equal(all.Select(s => s.Id).Order(StringComparer.Ordinal), all.Select(s => s.Id));
    }

    [Fact]
    public async Task PutCustom_StoresTheRegistrationShape()
    {
        var host = ConfigHost.OnAzurite(azurite);
        await host.Registry.PutCustomAsync("acme", ConfigHost.StdioRequest("acme-mcp", "serve") with
        {
            Env = new EnvRequirementsRequest { Required = [new EnvVarSpec { Name = "ACME_KEY", Secret = true }] },
        }, None);

        var row = (await host.RegistryTable.GetEntityAsync<TableEntity>("server", "acme")).Value;

        Assert.Equal(
            """{"name":"Acme","transport":"stdio","command":"acme-mcp","args":["serve"],"env":{"required":[{"name":"ACME_KEY","secret":true}],"optional":[]}}""",
            row.GetString("Json"));
        Assert.Equal(ConfigHost.Start, row["UpdatedAt"]);
    }

    [Fact]
    public async Task PutCustom_LargeNonAsciiDefinition_RoundTripsThroughStorage()
    {
        var host = ConfigHost.OnAzurite(azurite);
        var request = ConfigHost.StdioRequest("工具", [.. Enumerable.Range(0, 64).Select(i => new string('漢', 2000) + i)]) with
        {
            Description = new string('説', 2000),
        };

        await host.Registry.PutCustomAsync("wide", request, None);
        var stored = await host.Sibling().Registry.GetAsync("wide", None);

        Assert.Equal(request.Args, stored.Args);
        Assert.Equal(request.Description, stored.Description);
        Assert.Equal("工具", stored.Command);
    }

    [Theory]
    [InlineData("filesystem")]
    [InlineData("github-remote")]
    public async Task PutOrDeleteCustom_BuiltInId_BuiltinServer_NothingWritten(string id)
    {
        var host = ConfigHost.OnAzurite(azurite);
        var before = await host.DumpAsync();

        var put = (await Assert.ThrowsAsync<ProblemException>(() => host.Registry.PutCustomAsync(id, ConfigHost.StdioRequest(), None))).Problem;
        var delete = (await Assert.ThrowsAsync<ProblemException>(() => host.Registry.DeleteCustomAsync(id, None))).Problem;

        Assert.Equal((409, "builtin_server"), (put.Status, put.Code));
        Assert.Equal((409, "builtin_server"), (delete.Status, delete.Code));
        Assert.Equal(before, await host.DumpAsync());
    }

    [Fact]
    public async Task DeleteCustom_Removes_ThenUnknown404()
    {
        var host = ConfigHost.OnAzurite(azurite);
        await host.Registry.PutCustomAsync("acme", ConfigHost.StdioRequest(), None);
        Assert.Contains(await host.Registry.ListAsync(new ServerQuery(), None), s => s.Id == "acme");

        await host.Registry.DeleteCustomAsync("acme", None);

        Assert.DoesNotContain(await host.Registry.ListAsync(new ServerQuery(), None), s => s.Id == "acme");
        Assert.Null(await host.Registry.FindAsync("acme", None));
        var again = (await Assert.ThrowsAsync<ProblemException>(() => host.Registry.DeleteCustomAsync("acme", None))).Problem;
        Assert.Equal((404, "server_not_found"), (again.Status, again.Code));
    }

    [Fact]
    public async Task Delete_OnAStoreWithNoTableYet_Is404()
    {
        var host = ConfigHost.OnAzurite(azurite);

        var problem = (await Assert.ThrowsAsync<ProblemException>(() => host.Registry.DeleteCustomAsync("acme", None))).Problem;

        Assert.Equal("server_not_found", problem.Code);
    }

    [Fact]
    public async Task Snapshot_OtherInstancesWrite_IsListedAfterTheTtl_AndFoundAtOnce()
    {
        var writer = ConfigHost.OnAzurite(azurite);
        var reader = writer.Sibling();
        Assert.Equal(BuiltInServers.All.Count, (await reader.Registry.ListAsync(new ServerQuery(), None)).Count);

        await writer.Registry.PutCustomAsync("acme", ConfigHost.StdioRequest(), None);

        Assert.DoesNotContain(await reader.Registry.ListAsync(new ServerQuery(), None), s => s.Id == "acme");
        Assert.NotNull(await reader.Registry.FindAsync("acme", None));
        reader.Clock.Advance(reader.SnapshotTtl);
        Assert.Contains(await reader.Registry.ListAsync(new ServerQuery(), None), s => s.Id == "acme");
        Assert.Contains(await writer.Registry.ListAsync(new ServerQuery(), None), s => s.Id == "acme");

        await writer.Registry.DeleteCustomAsync("acme", None);
        Assert.DoesNotContain(await writer.Registry.ListAsync(new ServerQuery(), None), s => s.Id == "acme");
        reader.Clock.Advance(reader.SnapshotTtl);
        Assert.DoesNotContain(await reader.Registry.ListAsync(new ServerQuery(), None), s => s.Id == "acme");
    }

    [Fact]
    public async Task Snapshot_AfterTheTtl_WithNoChange_KeepsServingWithoutReloading()
    {
        var host = ConfigHost.OnAzurite(azurite);
        await host.Registry.PutCustomAsync("acme", ConfigHost.StdioRequest(), None);
        Assert.Contains(await host.Registry.ListAsync(new ServerQuery(), None), s => s.Id == "acme");

        // A row changed behind the registry's back (no version stamp): only a reload would see it.
        var row = (await host.RegistryTable.GetEntityAsync<TableEntity>("server", "acme")).Value;
        row["Json"] = ((string)row["Json"]!).Replace("\"Acme\"", "\"Changed\"", StringComparison.Ordinal);
        await host.RegistryTable.UpdateEntityAsync(row, Azure.ETag.All, TableUpdateMode.Replace);
        host.Clock.Advance(host.SnapshotTtl);

        Assert.Equal("Acme", (await host.Registry.ListAsync(new ServerQuery(), None)).Single(s => s.Id == "acme").Name);
    }

    [Fact]
    public async Task List_MoreThanOnePageOfCustomEntries_AllListed()
    {
        var host = ConfigHost.OnAzurite(azurite);
        var ids = Enumerable.Range(0, 1050).Select(i => $"custom-{i:D4}").ToList();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (id, ct) =>
            await host.Registry.PutCustomAsync(id, ConfigHost.StdioRequest("acme-mcp", id), ct));

        var all = await host.Registry.ListAsync(new ServerQuery(), None);
        var one = await host.Registry.ListAsync(new ServerQuery { Q = "custom-1049" }, None);

        Assert.Equal(BuiltInServers.All.Count + 1050, all.Count);
        Assert.Equal(ids, all.Where(s => !s.BuiltIn).Select(s => s.Id));
        Assert.Equal(["custom-1049"], one.Select(s => s.Id));
    }

    private static string Id(int i) => $"paging-{i:D3}";

    /// <summary>Custom entries paging-000, paging-001 …; every <paramref name="tagEvery"/>th is tagged 'paged', the
    /// others 'other'.</summary>
    private static async Task RegisterAsync(ConfigHost host, int count, int tagEvery)
    {
        for (var i = 0; i < count; i++)
        {
            await host.Registry.PutCustomAsync(Id(i), ConfigHost.StdioRequest("paging-mcp") with
            {
                Description = "Paging entry",
                Tags = i % tagEvery == 0 ? ["paged"] : ["other"],
            }, None);
        }
    }

    private static async Task<List<string>> ListAllPagesAsync(ConfigHost host, ServerQuery query, int limit)
    {
        var ids = new List<string>();
        string? cursor = null;
        do
        {
            var page = await host.Registry.ListPageAsync(query, new PageRequest { Limit = limit, Cursor = cursor }, None);
            Assert.InRange(page.Items.Count, page.Next is null ? 0 : limit, limit);
            ids.AddRange(page.Items.Select(s => s.Id));
            cursor = page.Next;
            Assert.True(ids.Count <= 10_000, "Paging does not end.");
        }
        while (cursor is not null);

        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        return ids;
    }
}
