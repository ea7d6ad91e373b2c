using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpOrchestrator.Core.Canonical;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Clients;
using McpOrchestrator.Core.Formats;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Cli.Tests.EndToEnd;

/// <summary>The built <c>mcpo</c> as a process against the running service, on a machine whose HOME, XDG and APPDATA
/// are a temp directory: login, add, publish --deploy --wait, pull into five clients' own files (keeping what else
/// they hold), status up-to-date then diverged, a tampered artifact refused, import round-trip, key rotation.</summary>
public sealed class CliEndToEndTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    private static readonly ClientCatalog Catalog = new();
    private static readonly NativeConfigFormats Formats = new(Catalog);
    private static readonly string[] Clients = ["claude-desktop", "cursor", "vscode", "codex", "claude-code"];

    private const string VsCodeFile = """
        // VS Code MCP servers: hand-written
        {
          "inputs": [
            { "type": "promptString", "id": "api-key", "description": "API key", "password": true }
          ],
          /* servers come from mcpo */
          "servers": {
            "handmade": { "type": "stdio", "command": "old" }
          },
        }

        """;

    private const string CodexFile = """
        # Codex configuration
        model = "o4-mini"

        [mcp_servers.handmade]
        command = "old"

        # sandbox settings, keep me
        [sandbox_workspace_write]
        network_access = false

        """;

    private const string ClaudeCodeFile = """
        {
          "numStartups": 7,
          "projects": { "/home/me/repo": { "allowedTools": ["Bash"] } },
          "mcpServers": {},
          "theme": "dark"
        }

        """;

    [Fact]
    public async Task LoginAddPublishPullStatusImport_AsADeveloperDoes()
    {
        using var machine = new CliMachine();
        var token = await service.IssueTokenAsync("cli-e2e", "admin");

        // 1. login: the token comes on stdin, is never echoed, and lands in a 0600 file.
        var login = await machine.RunAsync(["login", "--url", service.Url, "--token", "-"], stdin: token + "\n");
        Assert.True(login.ExitCode == 0, login.ToString());
        Assert.DoesNotContain(token, login.Stdout + login.Stderr, StringComparison.Ordinal);
        var loginFile = Path.Combine(machine.StateDirectory, "login.json");
        Assert.Contains(token, await File.ReadAllTextAsync(loginFile), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(loginFile));
        }

        foreach (var client in Clients)
        {
            // 2. a draft built with add (the new profile is created on first use).
            await Expect(machine, 0, "add", client, "e2e", "memory");
            await Expect(machine, 0, "add", client, "e2e", "filesystem", "--param", "path=/srv/projects");
            var draft = JsonNode.Parse((await Expect(machine, 0, "drafts", client, "e2e", "--json")).Stdout)!;
            Assert.Equal(["filesystem", "memory"], draft["entries"]!.AsArray().Select(e => e!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal));

            // 3. publish --deploy --wait: exit 0 when published.
            var published = JsonNode.Parse((await Expect(machine, 0, "publish", client, "--profile", "e2e", "--deploy", "--wait", "--json")).Stdout)!;
            Assert.Equal("published", published["output"]!["outcome"]!.GetValue<string>());
            Assert.True(published["output"]!["deployed"]!.GetValue<bool>());
        }

        // 4. pull into each client's own file, keeping what else the file holds.
        var vscode = machine.File(".config/Code/User/mcp.json");
        await File.WriteAllTextAsync(vscode, VsCodeFile);
        var codex = machine.File(".codex/config.toml");
        await File.WriteAllTextAsync(codex, CodexFile);
        var claudeCode = machine.File(".claude.json");
        await File.WriteAllTextAsync(claudeCode, ClaudeCodeFile);
        var cursor = machine.File(".cursor/mcp.json");
        var desktop = Path.Combine(machine.ConfigHome, "Claude", "claude_desktop_config.json");

        var dryRun = await Expect(machine, 0, "pull", "vscode", "--profile", "e2e", "--dry-run");
        Assert.Contains("+", dryRun.Stdout, StringComparison.Ordinal);
        Assert.Equal(VsCodeFile, await File.ReadAllTextAsync(vscode));
        var unasked = await machine.RunAsync("pull", "vscode", "--profile", "e2e");
        Assert.NotEqual(0, unasked.ExitCode);
        Assert.Contains("--yes", unasked.Stderr, StringComparison.Ordinal);
        Assert.Equal(VsCodeFile, await File.ReadAllTextAsync(vscode));

        foreach (var client in Clients)
        {
            var pulled = await Expect(machine, 0, "pull", client, "--profile", "e2e", "--yes");
            Assert.Contains("verified", pulled.Stdout, StringComparison.Ordinal);
        }

        foreach (var (client, path) in new[] { ("claude-desktop", desktop), ("cursor", cursor), ("vscode", vscode), ("codex", codex), ("claude-code", claudeCode) })
        {
            var text = await File.ReadAllTextAsync(path);
            var servers = Formats.Import(text, Catalog.Get(client));
            Assert.Equal(["filesystem", "memory"], servers.Select(s => s.Name));
            Assert.Equal(["-y", "@modelcontextprotocol/server-filesystem", "/srv/projects"], servers[0].Args);
        }

        var vscodeText = await File.ReadAllTextAsync(vscode);
        Assert.StartsWith("// VS Code MCP servers: hand-written\n{\n  \"inputs\": [\n    { \"type\": \"promptString\", \"id\": \"api-key\"", vscodeText, StringComparison.Ordinal);
        Assert.Contains("/* servers come from mcpo */\n  \"servers\": {\n    \"filesystem\": {", vscodeText, StringComparison.Ordinal);
        Assert.DoesNotContain("handmade", vscodeText, StringComparison.Ordinal);
        var codexText = await File.ReadAllTextAsync(codex);
        Assert.StartsWith("# Codex configuration\nmodel = \"o4-mini\"\n\n[mcp_servers.filesystem]\n", codexText, StringComparison.Ordinal);
        Assert.EndsWith("# sandbox settings, keep me\n[sandbox_workspace_write]\nnetwork_access = false\n", codexText, StringComparison.Ordinal);
        Assert.DoesNotContain("handmade", codexText, StringComparison.Ordinal);
        var claudeCodeJson = JsonNode.Parse(await File.ReadAllTextAsync(claudeCode))!;
        Assert.Equal(7, claudeCodeJson["numStartups"]!.GetValue<int>());
        Assert.Equal("dark", claudeCodeJson["theme"]!.GetValue<string>());
        Assert.Equal("Bash", claudeCodeJson["projects"]!["/home/me/repo"]!["allowedTools"]![0]!.GetValue<string>());
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(vscode)!, "mcp.json.*.bak"));
        Assert.Equal(VsCodeFile, await File.ReadAllTextAsync(Directory.GetFiles(Path.GetDirectoryName(vscode)!, "mcp.json.*.bak")[0]));

        // 5. status: every pulled file is up to date with its deployed profile.
        var status = await StatusAsync(machine);
        foreach (var client in Clients)
        {
            Assert.Equal(("e2e", "up-to-date"), (status[client]["profile"]!.GetValue<string>(), status[client]["status"]!.GetValue<string>()));
        }

        // 6. a server added by hand makes the file diverged.
        var edited = JsonNode.Parse(await File.ReadAllTextAsync(cursor))!;
        edited["mcpServers"]!["handmade"] = new JsonObject { ["command"] = "my-server", ["args"] = new JsonArray() };
        await File.WriteAllTextAsync(cursor, edited.ToJsonString());
        status = await StatusAsync(machine);
        Assert.Equal("diverged", status["cursor"]["status"]!.GetValue<string>());
        Assert.Equal("up-to-date", status["vscode"]["status"]!.GetValue<string>());

        // 8. import round-trips: the pulled VS Code file imported into a new profile gives the deployed servers back.
        var imported = JsonNode.Parse((await Expect(machine, 0, "import", "vscode", "--profile", "imported", "--json")).Stdout)!;
        Assert.Equal(["filesystem", "memory"], imported["added"]!.AsArray().Select(n => n!.GetValue<string>()).Order(StringComparer.Ordinal));
        var importedDraft = JsonNode.Parse((await Expect(machine, 0, "drafts", "vscode", "imported", "--json")).Stdout)!;
        using var deployedResponse = await service.SendAsync(HttpMethod.Get, "/v1/config/vscode/e2e");
        var deployed = JsonNode.Parse(await deployedResponse.Content.ReadAsStringAsync())!;
        Assert.Equal(Canonical(deployed["payload"]!["servers"]!), Canonical(importedDraft["servers"]!));
    }

    [Fact]
    public async Task Pull_TamperedArtifact_IsRefusedAndWritesNothing()
    {
        using var machine = new CliMachine();
        var token = await service.IssueTokenAsync("cli-tamper", "admin");
        await Expect(machine, 0, ["login", "--url", service.Url, "--token", "-"], token);
        await Expect(machine, 0, "add", "cursor", "tamper", "memory");
        await Expect(machine, 0, "publish", "cursor", "--profile", "tamper", "--deploy", "--wait");
        var cursor = machine.File(".cursor/mcp.json");
        const string Original = "{ \"mcpServers\": {} }\n";
        await File.WriteAllTextAsync(cursor, Original);
        await using var proxy = await TamperingProxy.StartAsync(service.Url);

        var refused = await machine.RunAsync(["pull", "cursor", "--profile", "tamper", "--yes"], environment: new Dictionary<string, string> { ["MCPO_URL"] = proxy.Url });

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("refused", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("payload was changed", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(Original, await File.ReadAllTextAsync(cursor));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(cursor)!, "*.bak"));

        var genuine = await machine.RunAsync("pull", "cursor", "--profile", "tamper", "--yes");
        Assert.True(genuine.ExitCode == 0, genuine.ToString());
    }

    [Fact]
    public async Task Pull_AfterAKeyRotation_IsRefusedUntilTrustKey()
    {
        using var machine = new CliMachine();
        var token = await service.IssueTokenAsync("cli-rotate", "admin");
        await Expect(machine, 0, ["login", "--url", service.Url, "--token", "-"], token);
        await Expect(machine, 0, "add", "cursor", "rotate", "memory");
        await Expect(machine, 0, "publish", "cursor", "--profile", "rotate", "--deploy", "--wait");
        var path = machine.File("elsewhere/mcp.json");
        await Expect(machine, 0, "pull", "cursor", "--profile", "rotate", "--yes", "--path", path);
        var before = await File.ReadAllTextAsync(path);

        using (var rotate = await service.SendAsync(HttpMethod.Post, "/v1/keys/initialize", new { rotate = true }))
        {
            Assert.True(rotate.IsSuccessStatusCode, await rotate.Content.ReadAsStringAsync());
        }

        await Expect(machine, 0, "add", "cursor", "rotate", "filesystem", "--param", "path=/data");
        await Expect(machine, 0, "publish", "cursor", "--profile", "rotate", "--deploy", "--wait");

        var refused = await machine.RunAsync("pull", "cursor", "--profile", "rotate", "--yes", "--path", path);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("--trust-key", refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllTextAsync(path));

        await Expect(machine, 0, "pull", "cursor", "--profile", "rotate", "--yes", "--path", path, "--trust-key");
        Assert.Equal(["filesystem", "memory"], Formats.Import(await File.ReadAllTextAsync(path), Catalog.Get("cursor")).Select(s => s.Name));
        await Expect(machine, 0, "pull", "cursor", "--profile", "rotate", "--yes", "--path", path);
    }

    [Fact]
    public async Task PublishWait_EmptyDraft_ExitsTwoWithTheValidationErrors()
    {
        using var machine = new CliMachine();
        using (var create = await service.SendAsync(HttpMethod.Put, "/v1/clients/cursor/profiles/empty"))
        {
            Assert.True(create.IsSuccessStatusCode);
        }

        var run = await machine.RunAsync(["publish", "cursor", "--profile", "empty", "--wait"],
            environment: new Dictionary<string, string> { ["MCPO_URL"] = service.Url, ["MCPO_TOKEN"] = await service.IssueTokenAsync("cli-empty", "write") });

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("empty_config", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tokens_CreateListRevoke_AndARevokedTokenGetsAOneLineLoginHint()
    {
        using var machine = new CliMachine();
        var admin = new Dictionary<string, string> { ["MCPO_URL"] = service.Url, ["MCPO_TOKEN"] = await service.IssueTokenAsync("cli-admin", "admin") };

        var created = await machine.RunAsync(["token", "create", "--name", "ci", "--scope", "read", "--json"], environment: admin);
        Assert.True(created.ExitCode == 0, created.ToString());
        var issued = JsonNode.Parse(created.Stdout)!;
        var id = issued["id"]!.GetValue<string>();
        var list = await machine.RunAsync(["token", "list", "--json"], environment: admin);
        Assert.Contains(JsonNode.Parse(list.Stdout)!["tokens"]!.AsArray(), t => t!["id"]!.GetValue<string>() == id);
        Assert.DoesNotContain(issued["token"]!.GetValue<string>(), list.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, (await machine.RunAsync(["token", "revoke", id], environment: admin)).ExitCode);

        var revoked = await machine.RunAsync(["servers", "--json"], environment: new Dictionary<string, string> { ["MCPO_URL"] = service.Url, ["MCPO_TOKEN"] = issued["token"]!.GetValue<string>() });

        Assert.Equal(1, revoked.ExitCode);
        var line = Assert.Single(revoked.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("mcpo login", line, StringComparison.Ordinal);
        Assert.Empty(revoked.Stdout);
    }

    [Fact]
    public async Task Servers_Json_ListsTheRegistry_AndAnUnreachableServiceIsOneLine()
    {
        using var machine = new CliMachine();
        var reader = new Dictionary<string, string> { ["MCPO_URL"] = service.Url, ["MCPO_TOKEN"] = await service.IssueTokenAsync("cli-reader", "read") };

        var servers = await machine.RunAsync(["servers", "memory", "--json"], environment: reader);
        var down = await machine.RunAsync(["servers"], environment: new Dictionary<string, string> { ["MCPO_URL"] = $"http://127.0.0.1:{FreePort.Next()}" });

        Assert.True(servers.ExitCode == 0, servers.ToString());
        Assert.Contains(JsonNode.Parse(servers.Stdout)!["servers"]!.AsArray(), s => s!["id"]!.GetValue<string>() == "memory");
        Assert.Equal(1, down.ExitCode);
        Assert.Contains("cannot reach the service", Assert.Single(down.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_UnreadableLocalFile_NamesTheLineAndWritesNothing()
    {
        using var machine = new CliMachine();
        var env = new Dictionary<string, string> { ["MCPO_URL"] = service.Url, ["MCPO_TOKEN"] = await service.IssueTokenAsync("cli-broken", "admin") };
        Assert.Equal(0, (await machine.RunAsync(["add", "claude-code", "broken", "memory"], environment: env)).ExitCode);
        Assert.Equal(0, (await machine.RunAsync(["publish", "claude-code", "--profile", "broken", "--deploy", "--wait"], environment: env)).ExitCode);
        var file = machine.File(".claude.json");
        const string Broken = "{\n  \"theme\": \"dark\"\n  \"mcpServers\": {}\n}\n";
        await File.WriteAllTextAsync(file, Broken);

        var run = await machine.RunAsync(["pull", "claude-code", "--profile", "broken", "--yes"], environment: env);

        Assert.Equal(1, run.ExitCode);
        Assert.Matches("line 3, column [0-9]+", run.Stderr);
        Assert.Equal(Broken, await File.ReadAllTextAsync(file));
    }

    /// <summary>Servers as their canonical JSON, whatever order and null members a response wrote them with.</summary>
    private static string Canonical(JsonNode servers) => Encoding.UTF8.GetString(
        JsonCanonicalizer.Serialize(servers.Deserialize<List<ServerConfig>>(ConfigPayload.Json), ConfigPayload.Json));

    private static async Task<Dictionary<string, JsonNode>> StatusAsync(CliMachine machine)
    {
        var run = await Expect(machine, 0, "status", "--json");
        return JsonNode.Parse(run.Stdout)!.AsArray().ToDictionary(r => r!["client"]!.GetValue<string>(), r => r!);
    }

    private static Task<CliRun> Expect(CliMachine machine, int exitCode, params string[] arguments) => Expect(machine, exitCode, arguments, null);

    private static async Task<CliRun> Expect(CliMachine machine, int exitCode, string[] arguments, string? stdin)
    {
        var run = await machine.RunAsync(arguments, stdin);
        Assert.True(run.ExitCode == exitCode, $"mcpo {string.Join(' ', arguments)}: expected exit {exitCode}\n{run}");
        return run;
    }
}
