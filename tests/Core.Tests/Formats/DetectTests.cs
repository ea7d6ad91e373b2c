using McpOrchestrator.Core.Clients;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Formats;
using McpOrchestrator.Core.Problems;

namespace McpOrchestrator.Core.Tests.Formats;

public sealed class DetectTests
{
    private readonly ClientCatalog _catalog = new();
    private readonly NativeConfigFormats _formats = new(new ClientCatalog());

    [Theory]
    [InlineData("""{ "mcpServers": { "a": { "command": "x", "args": [] } } }""", "claude-desktop")]
    [InlineData("""{ "mcpServers": { "a": { "url": "https://x" } } }""", "cursor")]
    [InlineData("""{ "mcpServers": { "a": { "type": "stdio", "command": "x" } } }""", "claude-code")]
    [InlineData("""{ "projects": {}, "mcpServers": { "a": { "command": "x" } } }""", "claude-code")]
    [InlineData("""{ "mcpServers": { "a": { "serverUrl": "https://x" } } }""", "windsurf")]
    [InlineData("""{ "mcpServers": { "a": { "httpUrl": "https://x" } } }""", "gemini-cli")]
    [InlineData("""{ "mcp": { "allowed": [] }, "mcpServers": { "a": { "command": "x" } } }""", "gemini-cli")]
    [InlineData("""{ "mcpServers": { "a": { "type": "streamableHttp", "url": "https://x" } } }""", "cline")]
    [InlineData("""{ "mcpServers": { "a": { "command": "x", "autoApprove": [] } } }""", "cline")]
    [InlineData("""{ "mcpServers": { "a": { "type": "local", "command": "x", "tools": ["*"] } } }""", "copilot-cli")]
    [InlineData("""{ "mcpServers": { "a": { "type": "stdio", "command": "x", "serverId": "a" } } }""", "orchestrator")]
    [InlineData("""{ "servers": { "a": { "type": "stdio", "command": "x" } } }""", "vscode")]
    [InlineData("""{ "mcp": { "servers": { "a": { "type": "stdio", "command": "x" } } } }""", "vscode")]
    [InlineData("// settings\n{ \"theme\": \"x\", \"context_servers\": { } }", "zed")]
    [InlineData("""{ "amp.mcpServers": {} }""", "amp")]
    [InlineData("""{ "$schema": "https://opencode.ai/config.json", "mcp": { "a": { "type": "local", "command": ["x"] } } }""", "opencode")]
    [InlineData("model = \"o3\"\n[mcp_servers.a]\ncommand = \"x\"\n", "codex")]
    [InlineData("[mcp_servers]\n", "codex")]
    [InlineData("extensions:\n  a:\n    cmd: x\n    type: stdio\n", "goose")]
    [InlineData("name: c\nversion: 1\nmcpServers:\n  - name: a\n    command: x\n", "continue")]
    public void Detect_TellsTheClientFromTheContent(string content, string expected) =>
        Assert.Equal(expected, _formats.Detect(content).Id);

    [Theory]
    [InlineData("hello")]
    [InlineData("""{ "theme": "dark" }""")]
    [InlineData("[1, 2]")]
    [InlineData("just: yaml\n")]
    [InlineData("<xml/>")]
    public void Detect_NoClientsFile_IsUnrecognizedImportFormat(string content)
    {
        var ex = Assert.Throws<ProblemException>(() => _formats.Detect(content));

        Assert.Equal(FormatProblems.UnrecognizedImportFormatCode, ex.Problem.Code);
        Assert.Equal(400, ex.Problem.Status);
    }

    [Fact]
    public void ImportAny_EveryClientsRendering_ImportsBackTheSameServers()
    {
        var servers = new List<ServerConfig>
        {
            new() { Name = "fs", Transport = Transport.Stdio, Command = "npx", Args = ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"], Env = new Dictionary<string, string> { ["A"] = "1" } },
            new() { Name = "web", Transport = Transport.Http, Url = "https://mcp.example.com/mcp" },
        };

        foreach (var client in _catalog.All)
        {
            var accepted = servers.Where(s => client.Accepts(s.Transport)).ToList();
            var text = _formats.Render(accepted, client);

            var imported = _formats.ImportAny(text);

            Assert.Equal(accepted.Select(s => s.Name), imported.Select(s => s.Name));
            Assert.Equal(accepted.Select(s => s.Transport), imported.Select(s => s.Transport));
            Assert.Equal(["-y", "@modelcontextprotocol/server-filesystem", "/tmp"], imported[0].Args);
        }
    }

    [Fact]
    public void ImportAny_Empty_IsInvalidImport()
    {
        var ex = Assert.Throws<ProblemException>(() => _formats.ImportAny("  "));

        Assert.Equal(FormatProblems.InvalidImportCode, ex.Problem.Code);
    }
}
