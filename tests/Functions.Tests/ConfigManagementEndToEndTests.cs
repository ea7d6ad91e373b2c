using System.Text.Json.Nodes;

namespace McpOrchestrator.Functions.Tests;

/// <summary>What a user does with config management, over HTTP against the running service and real Azurite.</summary>
public sealed class ConfigManagementEndToEndTests(AccessFixture fixture) : IClassFixture<AccessFixture>
{
    private ApiClient Api => new(fixture.Service, fixture.ApiKey);

    [Fact]
    public async Task BrowseBuildRenderValidateImportDiff()
    {
        var search = await Api.GetAsync("/v1/servers?q=file");
        Assert.Contains(search["servers"]!.AsArray(), s => s!["id"]!.GetValue<string>() == "filesystem");
        var filesystem = await Api.GetAsync("/v1/servers/filesystem");
        Assert.Contains(filesystem["parameters"]!.AsArray(), p => p!["name"]!.GetValue<string>() == "path");
        var remote = await Api.GetAsync("/v1/servers?transport=http");
        Assert.All(remote["servers"]!.AsArray(), s => Assert.Equal("http", s!["transport"]!.GetValue<string>()));

        foreach (var client in new[] { "claude-desktop", "codex" })
        {
            await Api.ExpectAsync(HttpMethod.Put, $"/v1/clients/{client}/profiles/team", new { description = "Team setup" }, 201);
            await Api.ExpectAsync(HttpMethod.Post, $"/v1/config/{client}/team/draft/add", new { serverId = "filesystem", @params = new { path = "/srv/projects" } }, 201);
            await Api.ExpectAsync(HttpMethod.Post, $"/v1/config/{client}/team/draft/add", new { serverId = "memory" }, 201);
            await Api.ExpectAsync(HttpMethod.Post, $"/v1/config/{client}/team/draft/add",
                new { serverId = "github", env = new Dictionary<string, string> { ["GITHUB_PERSONAL_ACCESS_TOKEN"] = "${secret:GITHUB_TOKEN}" } }, 201);
        }

        var desktop = await Api.GetAsync("/v1/config/claude-desktop/team/draft");
        Assert.Equal(3, desktop["entries"]!.AsArray().Count);
        var desktopFile = JsonNode.Parse(desktop["rendered"]!.GetValue<string>())!;
        Assert.Equal("/srv/projects", desktopFile["mcpServers"]!["filesystem"]!["args"]!.AsArray().Last()!.GetValue<string>());
        Assert.NotNull(desktopFile["mcpServers"]!["github"]!["env"]!["GITHUB_PERSONAL_ACCESS_TOKEN"]);
        Assert.DoesNotContain("ghp_", desktop["rendered"]!.GetValue<string>(), StringComparison.Ordinal);

        var codex = await Api.GetAsync("/v1/config/codex/team/draft");
        var toml = codex["rendered"]!.GetValue<string>();
        Assert.Contains("[mcp_servers.filesystem]", toml, StringComparison.Ordinal);
        Assert.Contains("[mcp_servers.memory]", toml, StringComparison.Ordinal);

        var report = await Api.ExpectAsync(HttpMethod.Post, "/v1/config/claude-desktop/team/validate", new { }, 200);
        Assert.True(report["valid"]!.GetValue<bool>(), report.ToJsonString());
        Assert.Equal(3, report["serverCount"]!.GetValue<int>());

        const string vscodeFile = """
            {
              // VS Code user mcp.json
              "inputs": [{ "type": "promptString", "id": "token", "description": "Token", "password": true }],
              "servers": {
                "files": { "type": "stdio", "command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/home/me/code"] },
                "docs": { "type": "http", "url": "https://learn.microsoft.com/api/mcp" }
              }
            }
            """;
        await Api.ExpectAsync(HttpMethod.Put, "/v1/clients/vscode/profiles/imported", null, 201);
        var imported = await Api.ExpectAsync(HttpMethod.Post, "/v1/config/vscode/imported/draft/import", new { content = vscodeFile }, 200);
        Assert.Equal(2, imported["entries"]!.AsArray().Count);
        var files = imported["entries"]!.AsArray().Single(e => e!["name"]!.GetValue<string>() == "files")!;
        Assert.Equal("filesystem", files["serverId"]?.GetValue<string>());
        Assert.Equal("/home/me/code", files["params"]!["path"]!.GetValue<string>());

        var draftServers = desktop["servers"]!.AsArray();
        var edited = JsonNode.Parse(draftServers.ToJsonString())!.AsArray();
        edited.Single(s => s!["name"]!.GetValue<string>() == "filesystem")!["args"]!.AsArray()[^1] = "/srv/other";
        edited.Remove(edited.Single(s => s!["name"]!.GetValue<string>() == "memory"));
        var diff = await Api.ExpectAsync(HttpMethod.Post, "/v1/config/diff", new { left = new { servers = edited }, right = new { servers = draftServers } }, 200);
        Assert.Equal(["memory"], diff["added"]!.AsArray().Select(n => n!.GetValue<string>()));
        var changed = diff["modified"]!.AsArray().Single()!;
        Assert.Equal("filesystem", changed["name"]!.GetValue<string>());
        Assert.Equal("/srv/projects", changed["changes"]!.AsArray().Single()!["new"]!.GetValue<string>());
    }

    [Fact]
    public async Task DraftConcurrency_DistinctNamesAllLand_AndOneNameWinsOnce()
    {
        await Api.ExpectAsync(HttpMethod.Put, "/v1/clients/cursor/profiles/race", null, 201);

        var distinct = await Task.WhenAll(Enumerable.Range(0, 100).Select(i =>
            Api.SendAsync(HttpMethod.Post, "/v1/config/cursor/race/draft/add", new { serverId = "memory", name = $"memory-{i:000}" })));
        var same = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            Api.SendAsync(HttpMethod.Post, "/v1/config/cursor/race/draft/add", new { serverId = "memory", name = "shared" })));

        Assert.All(distinct, r => Assert.Equal(201, r.Status));
        Assert.Equal(1, same.Count(r => r.Status == 201));
        Assert.Equal(9, same.Count(r => r.Status == 409));
        Assert.All(same.Where(r => r.Status == 409), r => Assert.Equal("duplicate_server_name", r.Body!["code"]!.GetValue<string>()));
        var draft = await Api.GetAsync("/v1/config/cursor/race/draft");
        Assert.Equal(101, draft["entries"]!.AsArray().Count);
    }

    [Fact]
    public async Task StaleIfMatch_Is412_AndChangesNothing()
    {
        await Api.ExpectAsync(HttpMethod.Put, "/v1/clients/windsurf/profiles/etag", null, 201);
        var (_, _, first) = await Api.SendAsync(HttpMethod.Post, "/v1/config/windsurf/etag/draft/add", new { serverId = "memory" });
        var etag = first.Headers.ETag!.ToString();
        first.Dispose();
        await Api.ExpectAsync(HttpMethod.Post, "/v1/config/windsurf/etag/draft/add", new { serverId = "time" }, 201);

        var (status, body, response) = await Api.SendAsync(HttpMethod.Post, "/v1/config/windsurf/etag/draft/remove", new { name = "memory" }, ifMatch: etag);
        response.Dispose();

        Assert.Equal(412, status);
        Assert.Equal("draft_conflict", body!["code"]!.GetValue<string>());
        var draft = await Api.GetAsync("/v1/config/windsurf/etag/draft");
        Assert.Equal(2, draft["entries"]!.AsArray().Count);
    }
}
