using Azure.Data.Tables;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Drafts;
using McpOrchestrator.Core.Problems;
using McpOrchestrator.Core.Registry;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Core.Tests.Drafts;

/// <summary>Importing client files into drafts: format detection, registry matching, merge and replace.</summary>
public sealed class DraftImportTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Client = "claude-code";
    private static readonly CancellationToken None = CancellationToken.None;

    private const string VsCodeFile = """
        {
          "servers": {
            "filesystem": { "type": "stdio", "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/Users/me/docs"] },
            "fetch": { "type": "stdio", "command": "uvx", "args": ["mcp-server-fetch", "--user-agent=Bot/2"] },
            "github": { "type": "http", "url": "https://api.githubcopilot.com/mcp/", "headers": { "Authorization": "Bearer ${env:GH_TOKEN}" } },
            "local-api": { "type": "http", "url": "http://localhost:8080/mcp" },
            "My Tool": { "type": "stdio", "command": "node", "args": ["/opt/tool/index.js"], "env": { "TOOL_MODE": "fast" } }
          }
        }
        """;

    [Fact]
    public async Task Import_AnotherClientsFile_IsDetected_AndMatchedToTheRegistry()
    {
        var host = ConfigHost.OnAzurite(azurite);
        await host.Profiles.PutAsync(Client, "imported", null, None);

        var result = await host.Drafts.ImportAsync(Client, "imported", VsCodeFile, ImportMode.Merge, null, None);

        Assert.Equal("vscode", result.Format);
        Assert.Equal(["fetch", "filesystem", "github", "local-api", "my-tool"], result.Added);
        var byName = result.Entries.ToDictionary(e => e.Name);
        Assert.Equal(("filesystem", "/Users/me/docs"), (byName["filesystem"].ServerId, byName["filesystem"].Params["path"]));
        Assert.Equal(("fetch", "Bot/2"), (byName["fetch"].ServerId, byName["fetch"].Params["user_agent"]));
        Assert.Equal(("github-remote", "${env:GH_TOKEN}"), (byName["github"].ServerId, byName["github"].Params["token"]));
        Assert.Equal("custom-api", byName["local-api"].ServerId);
        Assert.Empty(byName["local-api"].Params);
        Assert.Null(byName["my-tool"].ServerId);
        Assert.Equal(("node", "fast"), (byName["my-tool"].Inline!.Command, byName["my-tool"].Inline!.Env["TOOL_MODE"]));

        var resolved = await host.Drafts.RenderAsync(Client, "imported", None);
        Assert.Empty(resolved.Issues);
        Assert.Equal(5, resolved.Servers.Count);
        Assert.Equal("https://api.githubcopilot.com/mcp/", resolved.Servers.Single(s => s.Name == "github").Url);
        Assert.Equal("Bearer ${env:GH_TOKEN}", resolved.Servers.Single(s => s.Name == "github").Headers["Authorization"]);
    }

    [Fact]
    public async Task Import_Merge_AddsAndReplacesByName_KeepsTheRest_AndReportsEverything()
    {
        var host = ConfigHost.OnAzurite(azurite);
        await host.Drafts.AddAsync(Client, "default", new AddEntryRequest { ServerId = "fetch" }, null, None);
        await host.Drafts.AddAsync(Client, "default", new AddEntryRequest { ServerId = "memory", Name = "keep" }, null, None);
        await host.Drafts.AddAsync(Client, "default", new AddEntryRequest { ServerId = "filesystem", Params = new Dictionary<string, string> { ["path"] = "/Users/me/docs" } }, null, None);

        var merged = await host.Drafts.ImportAsync(Client, "default", VsCodeFile, ImportMode.Merge, null, None);

        Assert.Equal(["github", "local-api", "my-tool"], merged.Added);
        Assert.Equal(["fetch"], merged.Updated);
        Assert.Equal(["filesystem"], merged.Unchanged);
        Assert.Empty(merged.Removed);
        var draft = await host.Drafts.GetAsync(Client, "default", None);
        Assert.Equal(["fetch", "filesystem", "github", "keep", "local-api", "my-tool"], draft.Entries.Select(e => e.Name));
        Assert.Equal("Bot/2", draft.Entries[0].Params["user_agent"]);
        Assert.Equal((merged.ETag, 4L), (draft.ETag, draft.Version));

        var again = await host.Drafts.ImportAsync(Client, "default", VsCodeFile, ImportMode.Merge, draft.ETag, None);

        Assert.Empty(again.Added.Concat(again.Updated));
        Assert.Equal(5, again.Unchanged.Count);
        Assert.Equal(draft.ETag, again.ETag);
    }

    [Fact]
    public async Task Import_Replace_MakesTheDraftExactlyTheFile()
    {
        var host = ConfigHost.OnAzurite(azurite);
        await host.Drafts.AddAsync(Client, "default", new AddEntryRequest { ServerId = "memory", Name = "keep" }, null, None);

        var replaced = await host.Drafts.ImportAsync(Client, "default", VsCodeFile, ImportMode.Replace, null, None);

        Assert.Equal(["keep"], replaced.Removed);
        Assert.Equal(["fetch", "filesystem", "github", "local-api", "my-tool"], (await host.Drafts.GetAsync(Client, "default", None)).Entries.Select(e => e.Name));
        var rowCount = 0;
        await foreach (var _ in host.ProfileTable.QueryAsync<TableEntity>())
        {
            rowCount++;
        }

        Assert.Equal(6, rowCount);
    }

    [Fact]
    public async Task Import_OwnFormat_ClaudeDesktop_WithMcpRemoteBridge_IsMatchedAsWrapped()
    {
        var host = ConfigHost.OnAzurite(azurite);
        const string file = """
            {"mcpServers": {
              "deepwiki": {"command": "npx", "args": ["-y", "mcp-remote", "https://mcp.deepwiki.com/mcp"]},
              "time": {"command": "uvx", "args": ["mcp-server-time", "--local-timezone=Europe/Paris"]}
            }}
            """;

        var result = await host.Drafts.ImportAsync("claude-desktop", "default", file, ImportMode.Merge, null, None);

        Assert.Equal("claude-desktop", result.Format);
        var deepwiki = result.Entries.Single(e => e.Name == "deepwiki");
        Assert.Equal(("deepwiki", true), (deepwiki.ServerId, deepwiki.WrapRemote));
        Assert.Equal("Europe/Paris", result.Entries.Single(e => e.Name == "time").Params["timezone"]);
        var rendered = await host.Drafts.RenderAsync("claude-desktop", "default", None);
        Assert.Equal(host.Formats.Import(file, host.Catalog.Get("claude-desktop")).Select(s => string.Join(' ', s.Args)), rendered.Servers.Select(s => string.Join(' ', s.Args)));
    }

    [Fact]
    public async Task Import_OtherClientsVariables_AreKeptVerbatim_AndValidationWarns()
    {
        var host = ConfigHost.OnAzurite(azurite);
        const string file = """
            {"inputs": [{"type": "promptString", "id": "token", "password": true}],
             "servers": {"tool": {"type": "stdio", "command": "node", "args": ["${workspaceFolder}/x.js"], "env": {"T": "${input:token}"}}}}
            """;

        var result = await host.Drafts.ImportAsync("vscode", "default", file, ImportMode.Merge, null, None);
        var report = await host.Validation.ValidateDraftAsync("vscode", "default", null, None);

        Assert.Equal(["${workspaceFolder}/x.js"], Assert.Single(result.Entries).Inline!.Args);
        Assert.True(report.Valid);
        Assert.Equal(["args[0]", "env.T"], report.Warnings.Where(w => w.Code == "unknown_reference").Select(w => w.Path));
    }

    [Fact]
    public async Task Import_ArgsTheRegistryCannotReproduce_StayInline()
    {
        var host = ConfigHost.OnAzurite(azurite);
        const string file = """{"mcpServers": {"fs": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/a", "/b"]}}}""";

        var result = await host.Drafts.ImportAsync(Client, "default", file, ImportMode.Merge, null, None);

        var entry = Assert.Single(result.Entries);
        Assert.Null(entry.ServerId);
        Assert.Equal(["-y", "@modelcontextprotocol/server-filesystem", "/a", "/b"], entry.Inline!.Args);
    }

    [Theory]
    [InlineData("", "invalid_import")]
    [InlineData("   ", "invalid_import")]
    [InlineData("{\"mcpServers\": {\"x\": ", "invalid_import")]
    [InlineData("not a config file at all", "invalid_import")]
    [InlineData("{\"foo\": 1}", "unrecognized_import_format")]
    [InlineData("[1, 2, 3]", "invalid_import")]
    [InlineData("{\"mcpServers\": {}}", "invalid_import")]
    [InlineData("{\"mcpServers\": {\"x\": {\"command\": 42}}}", "invalid_import")]
    [InlineData("[mcp_servers.x]\ncommand = ", "invalid_import")]
    [InlineData("mcpServers:\n  - : :", "invalid_import")]
    public async Task Import_Garbage_400_NothingWritten(string content, string code)
    {
        var host = ConfigHost.OnAzurite(azurite);
        await host.Drafts.AddAsync(Client, "default", new AddEntryRequest { ServerId = "memory" }, null, None);
        var before = await host.DumpAsync();

        var problem = (await Assert.ThrowsAsync<ProblemException>(() => host.Drafts.ImportAsync(Client, "default", content, ImportMode.Replace, null, None))).Problem;

        Assert.Equal(400, problem.Status);
        Assert.Equal(code, problem.Code);
        Assert.Equal(before, await host.DumpAsync());
    }

    [Fact]
    public async Task Import_StaleIfMatch_412_NothingWritten()
    {
        var host = ConfigHost.OnAzurite(azurite);
        var first = await host.Drafts.AddAsync(Client, "default", new AddEntryRequest { ServerId = "memory" }, null, None);
        await host.Drafts.AddAsync(Client, "default", new AddEntryRequest { ServerId = "time" }, null, None);
        var before = await host.DumpAsync();

        var problem = (await Assert.ThrowsAsync<ProblemException>(() => host.Drafts.ImportAsync(Client, "default", VsCodeFile, ImportMode.Merge, first.ETag, None))).Problem;

        Assert.Equal((412, "draft_conflict"), (problem.Status, problem.Code));
        Assert.Equal(before, await host.DumpAsync());
    }

    [Fact]
    public async Task Import_ConcurrentWithAdds_LosesNeither()
    {
        var host = ConfigHost.OnAzurite(azurite);

        var adds = Enumerable.Range(0, 20).Select(i => (Task)Task.Run(() => host.Drafts.AddAsync(Client, "default", new AddEntryRequest { ServerId = "memory", Name = $"m-{i:D2}" }, null, None))).ToList();
        adds.Add(Task.Run(() => host.Drafts.ImportAsync(Client, "default", VsCodeFile, ImportMode.Merge, null, None)));
        await Task.WhenAll(adds);

        Assert.Equal(25, (await host.Drafts.GetAsync(Client, "default", None)).Entries.Count);
    }

    [Fact]
    public async Task Import_IntoAProfileThatDoesNotExist_404()
    {
        var host = ConfigHost.OnAzurite(azurite);

        var problem = (await Assert.ThrowsAsync<ProblemException>(() => host.Drafts.ImportAsync(Client, "ghost", VsCodeFile, ImportMode.Merge, null, None))).Problem;

        Assert.Equal("profile_not_found", problem.Code);
    }

    [Fact]
    public void Matcher_RoundTrip_EveryBuiltInServer_ThroughEveryClientThatRunsIt()
    {
        var catalog = new Core.Clients.ClientCatalog();
        var formats = new Core.Formats.NativeConfigFormats(catalog);
        var failures = new List<string>();
        var checkedPairs = 0;
        foreach (var client in catalog.All)
        {
            foreach (var server in BuiltInServers.All)
            {
                var entry = new DraftEntry
                {
                    Name = server.Id,
                    ServerId = server.Id,
                    Params = server.Parameters.Where(p => p.Required || p.Example is not null)
                        .Where(p => !p.Example!.Contains("${", StringComparison.Ordinal) || Core.Formats.NativeConfigFormats.CanCarryValue(p.Example, client))
                        .ToDictionary(p => p.Name, p => p.Example!),
                    WrapRemote = true,
                };
                var resolution = ServerResolver.Resolve(entry, server, client);
                if (resolution.Config is null || (resolution.Config.Headers.Count > 0 && !CanRender(formats, resolution.Config, client)))
                {
                    continue;
                }

                checkedPairs++;
                var file = formats.Render([resolution.Config], client);
                var imported = formats.Import(file, client).Single();
                var matched = ImportMatcher.Match(imported, BuiltInServers.All, client);
                if (matched.ServerId != server.Id)
                {
                    failures.Add($"{client.Id}/{server.Id} -> {matched.ServerId ?? "inline"}");
                }
            }
        }

        Assert.Empty(failures);
        Assert.True(checkedPairs > catalog.All.Count * BuiltInServers.All.Count * 3 / 4, $"{checkedPairs} pairs checked");
    }

    private static bool CanRender(Core.Formats.NativeConfigFormats formats, ServerConfig server, Core.Clients.ClientDefinition client)
    {
        try
        {
            formats.Render([server], client);
            return true;
        }
        catch (ProblemException)
        {
            return false;
        }
    }
}
