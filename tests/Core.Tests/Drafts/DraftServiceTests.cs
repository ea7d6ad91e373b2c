using Azure.Data.Tables;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Drafts;
using McpOrchestrator.Core.Problems;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Core.Tests.Drafts;

/// <summary>Drafts persisted in a real Azurite: editing, ETags, concurrency, rendering.</summary>
public sealed class DraftServiceTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Client = "claude-code";
    private const string Profile = "default";
    private static readonly CancellationToken None = CancellationToken.None;

    private static AddEntryRequest Add(string serverId, string? name = null, Dictionary<string, string>? parameters = null, Dictionary<string, string>? env = null) =>
        new() { ServerId = serverId, Name = name, Params = parameters, Env = env };

    [Fact]
    public async Task Get_NeverWrittenDefault_IsEmpty_WithETagZero()
    {
        var host = ConfigHost.OnAzurite(azurite);

        var draft = await host.Drafts.GetAsync(Client, Profile, None);

        Assert.Empty(draft.Entries);
        Assert.Equal(("\"0\"", 0L), (draft.ETag, draft.Version));
    }

    [Fact]
    public async Task Add_NameDefaultsToServerId_AndTheDraftSurvivesANewInstance()
    {
        var host = ConfigHost.OnAzurite(azurite);

        var added = await host.Drafts.AddAsync(Client, Profile, Add("filesystem", parameters: new() { ["path"] = "/srv/docs" }), null, None);
        var again = await host.Sibling().Drafts.GetAsync(Client, Profile, None);

        Assert.Equal(("filesystem", "filesystem", 1L), (added.Value.Name, added.Value.ServerId, added.Version));
        Assert.Matches("^\"1-[0-9a-f]{12}\"$", added.ETag);
        var entry = Assert.Single(again.Entries);
        Assert.Equal(new Dictionary<string, string> { ["path"] = "/srv/docs" }, entry.Params);
        Assert.Equal(added.ETag, again.ETag);
    }

    [Fact]
    public async Task Add_Entries_AreListedByName_WithParamsEnvToolsAndWrap()
    {
        var host = ConfigHost.OnAzurite(azurite);

        await host.Drafts.AddAsync(Client, Profile, Add("memory", "zz-memory"), null, None);
        await host.Drafts.AddAsync(Client, Profile, new AddEntryRequest
        {
            ServerId = "brave-search",
            Name = "search",
            Env = new Dictionary<string, string> { ["BRAVE_API_KEY"] = "${secret:BRAVE_API_KEY}" },
            Tools = new ToolFilter { Include = ["brave_web_search"] },
            WrapRemote = true,
        }, null, None);
        var draft = await host.Drafts.GetAsync(Client, Profile, None);

        Assert.Equal(["search", "zz-memory"], draft.Entries.Select(e => e.Name));
        var search = draft.Entries[0];
        Assert.Equal("${secret:BRAVE_API_KEY}", search.Env["BRAVE_API_KEY"]);
        Assert.Equal(["brave_web_search"], search.Tools!.Include);
        Assert.True(search.WrapRemote);
        Assert.Equal(2L, draft.Version);
    }

    [Theory]
    [InlineData("nope", null, null, 404, "server_not_found")]
    [InlineData("filesystem", null, null, 400, "missing_parameter")]
    [InlineData("custom-api", "port", "http", 400, "invalid_parameter")]
    [InlineData("filesystem", "path", "--help", 400, "invalid_parameter")]
    [InlineData("brave-search", null, null, 400, "missing_env")]
    [InlineData("memory", "MEMORY_FILE_PATH", "${input:path}", 400, "invalid_env")]
    public async Task Add_RefusedEntry_HasThePreciseCode_AndNothingIsWritten(string serverId, string? param, string? value, int status, string code)
    {
        var host = ConfigHost.OnAzurite(azurite);
        var before = await host.DumpAsync();

        var problem = (await Assert.ThrowsAsync<ProblemException>(() => host.Drafts.AddAsync(
            Client, Profile, param?.StartsWith("MEMORY", StringComparison.Ordinal) == true
                ? Add(serverId, env: new() { [param] = value! })
                : Add(serverId, parameters: param is null ? null : new() { [param] = value! }), null, None))).Problem;

        Assert.Equal((status, code), (problem.Status, problem.Code));
        Assert.Equal(before, await host.DumpAsync());
    }

    [Fact]
    public async Task Add_RemoteServerToStdioOnlyClient_RefusedUnlessWrapped()
    {
        var host = ConfigHost.OnAzurite(azurite);

        var refused = (await Assert.ThrowsAsync<ProblemException>(() => host.Drafts.AddAsync("claude-desktop", Profile, Add("deepwiki"), null, None))).Problem;
        var wrapped = await host.Drafts.AddAsync("claude-desktop", Profile, new AddEntryRequest { ServerId = "deepwiki", WrapRemote = true }, null, None);

        Assert.Equal((400, "transport_not_supported"), (refused.Status, refused.Code));
        Assert.True(wrapped.Value.WrapRemote);
    }

    [Fact]
    public async Task Add_DuplicateName_409_AndTheFirstStays()
    {
        var host = ConfigHost.OnAzurite(azurite);
        await host.Drafts.AddAsync(Client, Profile, Add("memory"), null, None);

        var problem = (await Assert.ThrowsAsync<ProblemException>(() => host.Drafts.AddAsync(Client, Profile, Add("everything", "memory"), null, None))).Problem;

        Assert.Equal((409, "duplicate_server_name"), (problem.Status, problem.Code));
        Assert.Equal("memory", Assert.Single((await host.Drafts.GetAsync(Client, Profile, None)).Entries).ServerId);
    }

    [Fact]
    public async Task Add_ToAProfileNotCreated_404_ThenWorksOnceCreated()
    {
        var host = ConfigHost.OnAzurite(azurite);

        var problem = (await Assert.ThrowsAsync<ProblemException>(() => host.Drafts.AddAsync(Client, "dev", Add("memory"), null, None))).Problem;
        var get = (await Assert.ThrowsAsync<ProblemException>(() => host.Drafts.GetAsync(Client, "dev", None))).Problem;
        await host.Profiles.PutAsync(Client, "dev", null, None);
        await host.Drafts.AddAsync(Client, "dev", Add("memory"), null, None);

        Assert.Equal((404, "profile_not_found"), (problem.Status, problem.Code));
        Assert.Equal("profile_not_found", get.Code);
        Assert.Single((await host.Drafts.GetAsync(Client, "dev", None)).Entries);
        Assert.Empty((await host.Drafts.GetAsync(Client, Profile, None)).Entries);
    }

    [Fact]
    public async Task Remove_ReturnsTheEntry_ThenUnknown404()
    {
        var host = ConfigHost.OnAzurite(azurite);
        await host.Drafts.AddAsync(Client, Profile, Add("memory"), null, None);
        await host.Drafts.AddAsync(Client, Profile, Add("everything"), null, None);

        var removed = await host.Drafts.RemoveAsync(Client, Profile, "memory", null, None);
        var problem = (await Assert.ThrowsAsync<ProblemException>(() => host.Drafts.RemoveAsync(Client, Profile, "memory", null, None))).Problem;

        Assert.Equal(("memory", 3L), (removed.Value.ServerId, removed.Version));
        Assert.Equal((404, "entry_not_found"), (problem.Status, problem.Code));
        Assert.Equal(["everything"], (await host.Drafts.GetAsync(Client, Profile, None)).Entries.Select(e => e.Name));
    }

    [Fact]
    public async Task Clear_EmptiesTheDraftAtOnce_AndDeletesTheOldRows()
    {
        var host = ConfigHost.OnAzurite(azurite);
        foreach (var id in new[] { "memory", "everything", "time" })
        {
            await host.Drafts.AddAsync(Client, Profile, Add(id), null, None);
        }

        var cleared = await host.Drafts.ClearAsync(Client, Profile, null, None);
        await host.Drafts.AddAsync(Client, Profile, Add("memory"), null, None);

        Assert.Equal((3, 4L), (cleared.Value, cleared.Version));
        Assert.Equal(["memory"], (await host.Drafts.GetAsync(Client, Profile, None)).Entries.Select(e => e.Name));
        var rows = await AzuriteRows(host);
        Assert.Equal(2, rows.Count);
    }

    [Fact]
    public async Task Clear_AnAlreadyEmptyDraft_IsANoOp_SameVersionAndETag_NothingWritten()
    {
        var host = ConfigHost.OnAzurite(azurite);
        var neverWritten = await host.Drafts.ClearAsync(Client, Profile, null, None);
        var added = await host.Drafts.AddAsync(Client, Profile, Add("memory"), null, None);
        var removed = await host.Drafts.RemoveAsync(Client, Profile, "memory", added.ETag, None);
        var before = await host.DumpAsync();

        var cleared = await host.Drafts.ClearAsync(Client, Profile, removed.ETag, None);
        var again = await host.Drafts.ClearAsync(Client, Profile, cleared.ETag, None);

        Assert.Equal((0, "\"0\"", 0L), (neverWritten.Value, neverWritten.ETag, neverWritten.Version));
        Assert.Equal((0, removed.ETag, removed.Version), (cleared.Value, cleared.ETag, cleared.Version));
        Assert.Equal((removed.ETag, removed.Version), (again.ETag, again.Version));
        Assert.Equal(before, await host.DumpAsync());
        var draft = await host.Drafts.GetAsync(Client, Profile, None);
        Assert.Equal((removed.ETag, removed.Version), (draft.ETag, draft.Version));
    }

    [Fact]
    public async Task IfMatch_Stale_412DraftConflict_NothingWritten_Current_Succeeds()
    {
        var host = ConfigHost.OnAzurite(azurite);
        var first = await host.Drafts.AddAsync(Client, Profile, Add("memory"), "\"0\"", None);
        var second = await host.Drafts.AddAsync(Client, Profile, Add("time"), first.ETag, None);
        var before = await host.DumpAsync();

        var stale = (await Assert.ThrowsAsync<ProblemException>(() => host.Drafts.AddAsync(Client, Profile, Add("everything"), first.ETag, None))).Problem;
        var staleRemove = (await Assert.ThrowsAsync<ProblemException>(() => host.Drafts.RemoveAsync(Client, Profile, "memory", "\"0\"", None))).Problem;
        var staleClear = (await Assert.ThrowsAsync<ProblemException>(() => host.Drafts.ClearAsync(Client, Profile, "W/" + second.ETag, None))).Problem;

        Assert.Equal((412, "draft_conflict"), (stale.Status, stale.Code));
        Assert.Equal(second.ETag, stale.Headers["ETag"]);
        Assert.Equal("draft_conflict", staleRemove.Code);
        Assert.Equal("draft_conflict", staleClear.Code);
        Assert.Equal(before, await host.DumpAsync());
        Assert.NotEqual(first.ETag, second.ETag);
        var any = await host.Drafts.RemoveAsync(Client, Profile, "memory", "*", None);
        await host.Drafts.ClearAsync(Client, Profile, $"\"x\", {any.ETag}", None);
        Assert.Empty((await host.Drafts.GetAsync(Client, Profile, None)).Entries);
    }

    [Fact]
    public async Task IfMatch_OfADraftThatWasClearedAndRefilled_NeverMatchesAgain()
    {
        var host = ConfigHost.OnAzurite(azurite);
        var one = await host.Drafts.AddAsync(Client, Profile, Add("memory"), null, None);
        await host.Drafts.ClearAsync(Client, Profile, null, None);
        await host.Drafts.AddAsync(Client, Profile, Add("memory"), null, None);

        var problem = (await Assert.ThrowsAsync<ProblemException>(() => host.Drafts.AddAsync(Client, Profile, Add("time"), one.ETag, None))).Problem;

        Assert.Equal("draft_conflict", problem.Code);
    }

    [Fact]
    public async Task Concurrency_100ParallelAddsOfDistinctNames_Leave100Entries()
    {
        var host = ConfigHost.OnAzurite(azurite);

        var results = await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            Task.Run(() => host.Drafts.AddAsync(Client, Profile, Add("memory", $"memory-{i:D3}"), null, None))));

        var draft = await host.Drafts.GetAsync(Client, Profile, None);
        Assert.Equal(100, draft.Entries.Count);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"memory-{i:D3}"), draft.Entries.Select(e => e.Name));
        Assert.Equal(100L, draft.Version);
        Assert.Equal(100, results.Select(r => r.Value.Name).Distinct().Count());
        Assert.Equal(101, (await AzuriteRows(host)).Count);
    }

    [Fact]
    public async Task Concurrency_ParallelAddsOfOneName_ExactlyOneSucceeds()
    {
        var host = ConfigHost.OnAzurite(azurite);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 25).Select(i => Task.Run(async () =>
        {
            try
            {
                await host.Drafts.AddAsync(Client, Profile, Add(i % 2 == 0 ? "memory" : "everything", "same"), null, None);
                return "ok";
            }
            catch (ProblemException e)
            {
                return e.Problem.Code;
            }
        })));

        Assert.Equal(1, outcomes.Count(o => o == "ok"));
        Assert.Equal(24, outcomes.Count(o => o == "duplicate_server_name"));
        Assert.Single((await host.Drafts.GetAsync(Client, Profile, None)).Entries);
    }

    [Fact]
    public async Task Concurrency_TwoInstances_AddingDistinctNames_LoseNothing_AndOneNameWinsOnce()
    {
        var one = ConfigHost.OnAzurite(azurite);
        var two = one.Sibling();

        var distinct = Enumerable.Range(0, 60).Select(i => Task.Run(() =>
            (i % 2 == 0 ? one : two).Drafts.AddAsync(Client, Profile, Add("memory", $"m-{i:D2}"), null, None)));
        var same = Enumerable.Range(0, 10).Select(i => Task.Run(async () =>
        {
            try
            {
                await (i % 2 == 0 ? one : two).Drafts.AddAsync(Client, Profile, Add("time", "clock"), null, None);
                return true;
            }
            catch (ProblemException e) when (e.Problem.Code == "duplicate_server_name")
            {
                return false;
            }
        }));
        await Task.WhenAll(distinct);
        var wins = await Task.WhenAll(same);

        Assert.Equal(1, wins.Count(w => w));
        Assert.Equal(61, (await one.Drafts.GetAsync(Client, Profile, None)).Entries.Count);
    }

    [Fact]
    public async Task Concurrency_AddAndRemoveOfOneName_InOneBurst_AreAppliedInOrder()
    {
        var host = ConfigHost.OnAzurite(azurite);
        await host.Drafts.AddAsync(Client, Profile, Add("memory"), null, None);

        var remove = host.Drafts.RemoveAsync(Client, Profile, "memory", null, None);
        var add = host.Drafts.AddAsync(Client, Profile, Add("everything", "memory"), null, None);
        await Task.WhenAll(remove, add);

        Assert.Equal("everything", Assert.Single((await host.Drafts.GetAsync(Client, Profile, None)).Entries).ServerId);
    }

    [Fact]
    public async Task Render_ClaudeDesktop_WrapsRemote_AndResolvesDefaults()
    {
        var host = ConfigHost.OnAzurite(azurite);
        await host.Drafts.AddAsync("claude-desktop", Profile, Add("filesystem", parameters: new() { ["path"] = "/srv/docs" }), null, None);
        await host.Drafts.AddAsync("claude-desktop", Profile, new AddEntryRequest { ServerId = "custom-api", WrapRemote = true }, null, None);

        var rendered = await host.Drafts.RenderAsync("claude-desktop", Profile, None);

        Assert.Empty(rendered.Issues);
        Assert.Equal(["custom-api", "filesystem"], rendered.Servers.Select(s => s.Name));
        Assert.Contains("\"mcpServers\"", rendered.Rendered, StringComparison.Ordinal);
        Assert.Contains("http://localhost:8080/mcp", rendered.Rendered, StringComparison.Ordinal);
        Assert.Contains("mcp-remote", rendered.Rendered, StringComparison.Ordinal);
        Assert.Contains("/srv/docs", rendered.Rendered, StringComparison.Ordinal);
        var readBack = host.Formats.Import(rendered.Rendered!, host.Catalog.Get("claude-desktop"));
        Assert.Equal(rendered.Servers.Select(s => (s.Name, s.Command, string.Join(' ', s.Args))), readBack.Select(s => (s.Name, s.Command, string.Join(' ', s.Args))));
    }

    [Fact]
    public async Task Render_ThisServiceAsARemoteServer_ForEveryClient_PointsAtMcpWithATokenReference()
    {
        var host = ConfigHost.OnAzurite(azurite);
        var profile = "orchestrated-" + Guid.NewGuid().ToString("N")[..8];
        foreach (var client in host.Catalog.All.Where(c => c.Id != Core.Clients.ClientCatalog.OrchestratorClientId))
        {
            var native = client.Transports.Contains(Core.Configs.Transport.Http);
            await host.Profiles.PutAsync(client.Id, profile, null, None);
            await host.Drafts.AddAsync(client.Id, profile, new AddEntryRequest
            {
                ServerId = "mcp-orchestrator",
                Params = new Dictionary<string, string> { ["base_url"] = "https://mcpo.example.com" },
                WrapRemote = native ? null : true,
            }, null, None);

            var rendered = await host.Drafts.RenderAsync(client.Id, profile, None);

            Assert.True(rendered.Issues.Count == 0, $"{client.Id}: {string.Join("; ", rendered.Issues.Select(i => i.Message))}");
            Assert.Contains("https://mcpo.example.com/mcp", rendered.Rendered, StringComparison.Ordinal);
            Assert.Contains("MCPO_TOKEN", rendered.Rendered, StringComparison.Ordinal);
            if (!native)
            {
                Assert.Contains("mcp-remote", rendered.Rendered, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Resolve_EntryWhoseServerWasDeleted_IsLeftOutAndReported()
    {
        var host = ConfigHost.OnAzurite(azurite);
        await host.Registry.PutCustomAsync("acme", new Core.Registry.ServerDefinitionRequest { Name = "Acme", Transport = "stdio", Command = "acme" }, None);
        await host.Drafts.AddAsync(Client, Profile, Add("acme"), null, None);
        await host.Drafts.AddAsync(Client, Profile, Add("memory"), null, None);
        await host.Registry.DeleteCustomAsync("acme", None);

        var resolved = await host.Drafts.RenderAsync(Client, Profile, None);

        Assert.Equal(["memory"], resolved.Servers.Select(s => s.Name));
        Assert.Equal(("unknown_server", "acme"), (resolved.Issues.Single().Code, resolved.Issues.Single().Server));
        Assert.DoesNotContain("acme", resolved.Rendered, StringComparison.Ordinal);
    }

    private static async Task<List<TableEntity>> AzuriteRows(ConfigHost host)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in host.ProfileTable.QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        return rows;
    }
}
