using McpOrchestrator.Cli.Merging;
using McpOrchestrator.Core.Clients;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Formats;

namespace McpOrchestrator.Cli.Tests.Merging;

public sealed class ConfigMergerTests
{
    private static readonly ClientCatalog Catalog = new();
    private static readonly NativeConfigFormats Formats = new(Catalog);
    private readonly ConfigMerger _merger = new(Formats);

    private static readonly ServerConfig[] Servers =
    [
        new() { Name = "memory", Transport = Transport.Stdio, Command = "npx", Args = ["-y", "@modelcontextprotocol/server-memory"] },
        new() { Name = "time", Transport = Transport.Stdio, Command = "uvx", Args = ["mcp-server-time"], Env = new Dictionary<string, string> { ["TZ"] = "UTC" } },
    ];

    [Theory]
    [InlineData("claude-desktop")]
    [InlineData("cursor")]
    [InlineData("vscode")]
    [InlineData("codex")]
    [InlineData("claude-code")]
    [InlineData("zed")]
    [InlineData("goose")]
    [InlineData("continue")]
    public void Merge_NoFile_WritesTheRenderingThatImportsBack(string clientId)
    {
        var client = Catalog.Get(clientId);

        var text = _merger.Merge(client, null, Servers);

        Assert.Equal(Formats.Render(Servers, client), text);
        Assert.Equal(["memory", "time"], Formats.Import(text, client).Select(s => s.Name));
    }

    [Fact]
    public void Merge_ClaudeCodeFile_KeepsEveryOtherKey()
    {
        var existing = """
            {
              "numStartups": 42,
              "projects": { "/home/me/repo": { "mcpServers": { "local": { "command": "x" } }, "allowedTools": [] } },
              "mcpServers": { "stale": { "type": "stdio", "command": "stale" } },
              "theme": "dark"
            }
            """;
        var client = Catalog.Get("claude-code");

        var merged = _merger.Merge(client, existing, Servers);

        Assert.Contains("\"numStartups\": 42,", merged, StringComparison.Ordinal);
        Assert.Contains("\"/home/me/repo\": { \"mcpServers\": { \"local\": { \"command\": \"x\" } }, \"allowedTools\": [] }", merged, StringComparison.Ordinal);
        Assert.Contains("\"theme\": \"dark\"", merged, StringComparison.Ordinal);
        Assert.DoesNotContain("stale", merged, StringComparison.Ordinal);
        Assert.Equal(["memory", "time"], Formats.Import(merged, client).Select(s => s.Name));
    }

    [Fact]
    public void Merge_ZedSettings_KeepsEditorSettingsAndComments()
    {
        var existing = "// Zed settings\n{\n  \"ui_font_size\": 16, // big\n  \"vim_mode\": true\n}\n";
        var client = Catalog.Get("zed");

        var merged = _merger.Merge(client, existing, Servers);

        Assert.StartsWith("// Zed settings\n{\n  \"ui_font_size\": 16, // big\n  \"vim_mode\": true,\n  \"context_servers\": {", merged, StringComparison.Ordinal);
        Assert.Equal(["memory", "time"], Formats.Import(merged, client).Select(s => s.Name));
    }

    [Fact]
    public void Merge_UnreadableFile_IsRefusedWithLineAndColumn()
    {
        var client = Catalog.Get("cursor");

        var error = Assert.Throws<MergeException>(() => _merger.Merge(client, "{\n  \"mcpServers\": {\n    \"a\": { \"command\": \"x\" \n  }\n", Servers));

        Assert.Matches("line [0-9]+, column [0-9]+", error.Message);
    }

    [Fact]
    public void Merge_UnreadableCodexToml_IsRefusedWithLine()
    {
        var client = Catalog.Get("codex");

        var error = Assert.Throws<MergeException>(() => _merger.Merge(client, "model = \"x\"\n[mcp_servers.a\ncommand = 1\n", Servers));

        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }
}
