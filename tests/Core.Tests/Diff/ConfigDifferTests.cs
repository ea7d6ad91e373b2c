using McpOrchestrator.Core.Clients;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Diff;
using McpOrchestrator.Core.Formats;
using McpOrchestrator.Core.Problems;

namespace McpOrchestrator.Core.Tests.Diff;

public sealed class ConfigDifferTests
{
    private static readonly System.Text.Json.JsonSerializerOptions WebJson = new(System.Text.Json.JsonSerializerDefaults.Web);

    private static ServerConfig Stdio(string name, params string[] args) => new() { Name = name, Transport = Transport.Stdio, Command = "npx", Args = args };

    [Fact]
    public void Identical_UpToDate()
    {
        var servers = new[] { Stdio("a", "x"), Stdio("b", "y") };

        var diff = ConfigDiffer.Diff(servers, [.. servers.Select(s => s with { Args = [.. s.Args] })]);

        Assert.Equal((DiffStatus.UpToDate, 0), (diff.Status, diff.TotalChanges));
        Assert.Equal(["a", "b"], diff.Unchanged);
    }

    [Fact]
    public void RemoteHasMore_Outdated_LocalHasExtra_Diverged()
    {
        var outdated = ConfigDiffer.Diff([Stdio("a")], [Stdio("a"), Stdio("c"), Stdio("b")]);
        var diverged = ConfigDiffer.Diff([Stdio("a"), Stdio("z")], [Stdio("a"), Stdio("b")]);

        Assert.Equal(DiffStatus.Outdated, outdated.Status);
        Assert.Equal(["b", "c"], outdated.Added);
        Assert.Equal(["a"], outdated.Unchanged);
        Assert.Equal(DiffStatus.Diverged, diverged.Status);
        Assert.Equal(["z"], diverged.Removed);
        Assert.Equal(["b"], diverged.Added);
    }

    [Fact]
    public void Modified_FieldChanges_HaveExplicitKinds_AndValues()
    {
        var local = new ServerConfig
        {
            Name = "s",
            Transport = Transport.Stdio,
            Command = "npx",
            Args = ["-y", "pkg", "/old"],
            Env = new Dictionary<string, string> { ["KEEP"] = "1", ["GONE"] = "", ["CHANGED"] = "a" },
        };
        var remote = local with
        {
            Args = ["-y", "pkg"],
            Env = new Dictionary<string, string> { ["KEEP"] = "1", ["CHANGED"] = "b", ["NEW"] = "" },
            Tools = new ToolFilter { Include = ["read"] },
        };

        var changes = Assert.Single(ConfigDiffer.Diff([local], [remote]).Modified).Changes;

        Assert.Equal(
            [
                new FieldChange { Path = "args[2]", Kind = ChangeKind.Removed, Old = "/old" },
                new FieldChange { Path = "env.CHANGED", Kind = ChangeKind.Modified, Old = "a", New = "b" },
                new FieldChange { Path = "env.GONE", Kind = ChangeKind.Removed, Old = "" },
                new FieldChange { Path = "env.NEW", Kind = ChangeKind.Added, New = "" },
                new FieldChange { Path = "tools.include[0]", Kind = ChangeKind.Added, New = "read" },
            ],
            changes);
    }

    [Fact]
    public void TransportChange_ReportsEveryDifferingField()
    {
        var local = Stdio("s", "-y", "mcp-remote", "https://a.example.com/mcp");
        var remote = new ServerConfig { Name = "s", Transport = Transport.Http, Url = "https://a.example.com/mcp", Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer ${secret:T}" } };

        var changes = ConfigDiffer.Diff([local], [remote]).Modified.Single().Changes;

        Assert.Equal(["args[0]", "args[1]", "args[2]", "command", "headers.Authorization", "transport", "url"], changes.Select(c => c.Path));
        Assert.Equal(("stdio", "http"), (changes[5].Old, changes[5].New));
    }

    [Fact]
    public void Order_IsDeterministic_IndexesNumerically_KeysOrdinally_OddKeysQuoted()
    {
        var local = Stdio("s", [.. Enumerable.Range(0, 12).Select(i => $"a{i}")]) with
        {
            Env = new Dictionary<string, string> { ["b"] = "1", ["B"] = "1" },
            Headers = new Dictionary<string, string>(),
        };
        var remote = Stdio("s", [.. Enumerable.Range(0, 12).Select(i => $"b{i}")]) with
        {
            Env = new Dictionary<string, string> { ["B"] = "2", ["b"] = "2", ["odd.key"] = "x" },
        };

        var paths = ConfigDiffer.Diff([local], [remote]).Modified.Single().Changes.Select(c => c.Path).ToList();

        Assert.Equal([.. Enumerable.Range(0, 12).Select(i => $"args[{i}]"), "env.B", "env.b", "env[\"odd.key\"]"], paths);
    }

    [Fact]
    public void SameInputs_InAnyOrder_GiveTheSameDocument()
    {
        var local = Enumerable.Range(0, 30).Select(i => Stdio($"s{i:D2}", $"v{i % 3}")).ToList();
        var remote = Enumerable.Range(10, 30).Select(i => Stdio($"s{i:D2}", $"v{i % 4}") with { Env = new Dictionary<string, string> { [$"K{i % 5}"] = "v", [$"J{i % 2}"] = "w" } }).ToList();
        var expected = System.Text.Json.JsonSerializer.Serialize(ConfigDiffer.Diff(local, remote));

        for (var seed = 0; seed < 20; seed++)
        {
            var random = new Random(seed);
            var shuffledLocal = local.OrderBy(_ => random.Next()).ToList();
            var shuffledRemote = remote.OrderBy(_ => random.Next())
                .Select(s => s with { Env = s.Env.OrderBy(_ => random.Next()).ToDictionary() }).ToList();

            Assert.Equal(expected, System.Text.Json.JsonSerializer.Serialize(ConfigDiffer.Diff(shuffledLocal, shuffledRemote)));
        }
    }

    [Fact]
    public void Json_UsesTheDocumentedNames()
    {
        var diff = ConfigDiffer.Diff([Stdio("a", "1")], [Stdio("a", "2"), Stdio("b")]);

        var json = System.Text.Json.JsonSerializer.Serialize(diff, WebJson);

        Assert.Equal(
            """{"status":"outdated","added":["b"],"removed":[],"modified":[{"name":"a","changes":[{"path":"args[0]","kind":"modified","old":"1","new":"2"}]}],"unchanged":[],"totalChanges":2}""",
            json);
    }

    [Fact]
    public void DuplicateName_OrNullServer_400()
    {
        var duplicate = Assert.Throws<ProblemException>(() => ConfigDiffer.Diff([Stdio("a"), Stdio("a")], [])).Problem;
        var nullServer = Assert.Throws<ProblemException>(() => ConfigDiffer.Diff([null!], [])).Problem;

        Assert.Equal((400, "duplicate_name"), (duplicate.Status, duplicate.Code));
        Assert.Equal((400, "invalid_payload"), (nullServer.Status, nullServer.Code));
    }

    [Fact]
    public void DiffNative_AHandEditedClaudeDesktopFile_AgainstWhatShouldBeThere()
    {
        var catalog = new ClientCatalog();
        var differ = new ConfigDiffer(new NativeConfigFormats(catalog));
        var desktop = catalog.Get("claude-desktop");
        const string local = """
            {"mcpServers": {
              "filesystem": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/Users/me/Desktop"]},
              "scratch": {"command": "node", "args": ["scratch.js"]}
            }}
            """;
        ServerConfig[] remote =
        [
            new() { Name = "filesystem", Transport = Transport.Stdio, Command = "npx", Args = ["-y", "@modelcontextprotocol/server-filesystem", "/Users/me/Documents"], ServerId = "filesystem" },
            new() { Name = "memory", Transport = Transport.Stdio, Command = "npx", Args = ["-y", "@modelcontextprotocol/server-memory"], Tools = new ToolFilter { Include = ["read_graph"] } },
        ];

        var diff = differ.DiffNative(local, desktop, remote);

        Assert.Equal(DiffStatus.Diverged, diff.Status);
        Assert.Equal(["memory"], diff.Added);
        Assert.Equal(["scratch"], diff.Removed);
        var change = Assert.Single(Assert.Single(diff.Modified).Changes);
        Assert.Equal(new FieldChange { Path = "args[2]", Kind = ChangeKind.Modified, Old = "/Users/me/Desktop", New = "/Users/me/Documents" }, change);
    }
}
