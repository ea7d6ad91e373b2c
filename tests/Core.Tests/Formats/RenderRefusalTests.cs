using McpOrchestrator.Core.Clients;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Formats;
using McpOrchestrator.Core.Problems;

namespace McpOrchestrator.Core.Tests.Formats;

/// <summary>Render never writes what the client cannot read: it refuses with a problem instead.</summary>
public sealed class RenderRefusalTests
{
    private readonly ClientCatalog _catalog = new();
    private readonly NativeConfigFormats _formats = new(new ClientCatalog());

    public static TheoryData<string, Transport> UnsupportedTransports()
    {
        var data = new TheoryData<string, Transport>();
        foreach (var client in new ClientCatalog().All)
        {
            foreach (var transport in Enum.GetValues<Transport>().Where(t => !client.Accepts(t)))
            {
                data.Add(client.Id, transport);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(UnsupportedTransports))]
    public void Render_TransportTheClientCannotRun_IsTransportNotSupported(string clientId, Transport transport)
    {
        var client = _catalog.Get(clientId);
        var server = new ServerConfig { Name = "remote", Transport = transport, Url = "https://mcp.example.com/mcp" };

        var ex = Assert.Throws<ProblemException>(() => _formats.Render([server], client));

        Assert.Equal(FormatProblems.TransportNotSupportedCode, ex.Problem.Code);
        Assert.Equal(400, ex.Problem.Status);
        Assert.Contains("'remote'", ex.Problem.Detail, StringComparison.Ordinal);
        Assert.Contains(client.DisplayName, ex.Problem.Detail, StringComparison.Ordinal);
        Assert.Contains("mcp-remote", ex.Problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ClaudeDesktopGivenOnlyAWrappedRemote_WritesTheStdioBridge()
    {
        var wrapped = new ServerConfig { Name = "linear", Transport = Transport.Stdio, Command = "npx", Args = ["-y", "mcp-remote", "https://mcp.linear.app/sse"] };

        var text = _formats.Render([wrapped], _catalog.Get("claude-desktop"));

        Assert.Contains("\"args\": [\"-y\", \"mcp-remote\", \"https://mcp.linear.app/sse\"]", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"url\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_HeadersWhereTheClientHasNoPlaceForThem_IsHeadersNotSupported()
    {
        var server = new ServerConfig { Name = "events", Transport = Transport.Sse, Url = "https://x/sse", Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer t" } };

        var ex = Assert.Throws<ProblemException>(() => _formats.Render([server], _catalog.Get("goose")));

        Assert.Equal(FormatProblems.HeadersNotSupportedCode, ex.Problem.Code);
    }

    [Fact]
    public void Render_DuplicateNames_IsDuplicateServerName()
    {
        var server = new ServerConfig { Name = "a", Transport = Transport.Stdio, Command = "x" };

        var ex = Assert.Throws<ProblemException>(() => _formats.Render([server, server with { Command = "y" }], _catalog.Get("cursor")));

        Assert.Equal(FormatProblems.DuplicateServerNameCode, ex.Problem.Code);
        Assert.Equal(409, ex.Problem.Status);
    }

    public static TheoryData<string, ServerConfig> Invalid() => new()
    {
        { "name is not an id", new ServerConfig { Name = "Not An Id", Transport = Transport.Stdio, Command = "x" } },
        { "empty name", new ServerConfig { Name = string.Empty, Transport = Transport.Stdio, Command = "x" } },
        { "stdio without command", new ServerConfig { Name = "a", Transport = Transport.Stdio } },
        { "stdio with blank command", new ServerConfig { Name = "a", Transport = Transport.Stdio, Command = "  " } },
        { "stdio with url", new ServerConfig { Name = "a", Transport = Transport.Stdio, Command = "x", Url = "https://x" } },
        { "http without url", new ServerConfig { Name = "a", Transport = Transport.Http } },
        { "http with command", new ServerConfig { Name = "a", Transport = Transport.Http, Url = "https://x", Command = "x" } },
        { "sse with args", new ServerConfig { Name = "a", Transport = Transport.Sse, Url = "https://x", Args = ["y"] } },
        { "lone surrogate", new ServerConfig { Name = "a", Transport = Transport.Stdio, Command = "x\ud800" } },
        { "null env value", new ServerConfig { Name = "a", Transport = Transport.Stdio, Command = "x", Env = new Dictionary<string, string> { ["A"] = null! } } },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Render_EntryBreakingTheInvariants_IsInvalidServerConfig(string label, ServerConfig server)
    {
        foreach (var client in _catalog.All)
        {
            var ex = Assert.Throws<ProblemException>(() => _formats.Render([server], client));
            Assert.True(ex.Problem.Code == FormatProblems.InvalidServerConfigCode, $"{label} for {client.Id}: {ex.Problem.Code}");
        }
    }

    [Fact]
    public void Carried_DropsWhatTheClientCannotHoldAndKeepsTheRest()
    {
        var server = new ServerConfig
        {
            Name = "a",
            Transport = Transport.Http,
            Url = "https://x",
            Env = new Dictionary<string, string> { ["E"] = "1" },
            Headers = new Dictionary<string, string> { ["H"] = "v" },
            Tools = new ToolFilter { Include = ["i"], Exclude = ["e"] },
            ServerId = "reg",
        };

        var cursor = NativeConfigFormats.Carried(server, _catalog.Get("cursor"));
        var gemini = NativeConfigFormats.Carried(server, _catalog.Get("gemini-cli"));
        var copilot = NativeConfigFormats.Carried(server, _catalog.Get("copilot-cli"));
        var orchestrator = NativeConfigFormats.Carried(server, _catalog.Get(ClientCatalog.OrchestratorClientId));

        Assert.Empty(cursor.Env);
        Assert.Null(cursor.Tools);
        Assert.Null(cursor.ServerId);
        Assert.Equal("v", cursor.Headers["H"]);
        Assert.Equal(["i"], gemini.Tools!.Include);
        Assert.Equal(["e"], gemini.Tools.Exclude);
        Assert.Equal(["i"], copilot.Tools!.Include);
        Assert.Empty(copilot.Tools.Exclude);
        Assert.Equal(server.Env, orchestrator.Env);
        Assert.Equal("reg", orchestrator.ServerId);
    }
}
