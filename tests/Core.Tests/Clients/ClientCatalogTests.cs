using McpOrchestrator.Core.Clients;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Formats;
using McpOrchestrator.Core.Problems;
using Microsoft.Extensions.DependencyInjection;

namespace McpOrchestrator.Core.Tests.Clients;

public sealed class ClientCatalogTests
{
    private readonly ClientCatalog _catalog = new();

    [Fact]
    public void All_HasEveryRequiredClientAndTheOrchestrator()
    {
        string[] required =
        [
            "claude-desktop", "claude-code", "cursor", "vscode", "windsurf", "zed", "cline", "continue", "codex", "gemini-cli", "goose",
            "copilot-cli", ClientCatalog.OrchestratorClientId,
        ];

        Assert.All(required, id => Assert.NotNull(_catalog.Find(id)));
        Assert.True(_catalog.All.Count >= 13);
    }

    [Fact]
    public void All_IdsAreUniqueIdsAndDisplayNamesAreSet()
    {
        Assert.Equal(_catalog.All.Count, _catalog.All.Select(c => c.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.All(_catalog.All, c => Assert.True(EntryNames.IsValid(c.Id), c.Id));
        Assert.All(_catalog.All, c => Assert.False(string.IsNullOrWhiteSpace(c.DisplayName)));
    }

    [Fact]
    public void All_EveryClientButTheOrchestratorHasAPathOnEveryOs()
    {
        foreach (var client in _catalog.All.Where(c => c.Id != ClientCatalog.OrchestratorClientId))
        {
            Assert.StartsWith("~/", client.Paths.MacOS!, StringComparison.Ordinal);
            Assert.StartsWith("~/", client.Paths.Linux!, StringComparison.Ordinal);
            Assert.Matches(@"^%(APPDATA|USERPROFILE|LOCALAPPDATA)%\\", client.Paths.Windows!);
            Assert.DoesNotContain("/", client.Paths.Windows!, StringComparison.Ordinal);
        }

        Assert.Equal(new ClientPaths(null, null, null), _catalog.Get(ClientCatalog.OrchestratorClientId).Paths);
    }

    [Fact]
    public void All_FormatsAreCoherent()
    {
        foreach (var client in _catalog.All)
        {
            var format = client.Format;
            Assert.NotEmpty(client.Transports);
            Assert.NotEmpty(format.CollectionPath);
            Assert.True(format.Shape != CollectionShape.NamedList || format.NameKey is not null, client.Id);
            Assert.All(format.Carries.HeaderTransports, t => Assert.NotEqual(Transport.Stdio, t));
            Assert.True(format.TypeKey is not null || format.Labels == TransportLabels.None, client.Id);
            foreach (var transport in client.Transports)
            {
                // Without a type label, the keys alone must tell each accepted transport apart.
                var label = format.TypeKey is null ? null : format.Labels.For(transport);
                if (label is null && transport == Transport.Sse && client.Accepts(Transport.Http))
                {
                    Assert.True(format.HttpUrlKey != format.SseUrlKey, $"{client.Id} cannot tell SSE from HTTP");
                }
            }

            Assert.True(client.CanWrapRemote || client.Transports.Count == 3 || !client.Accepts(Transport.Stdio), client.Id);
        }
    }

    [Fact]
    public void ClaudeDesktop_TakesStdioOnlyAndWrapsRemoteServers()
    {
        var desktop = _catalog.Get("claude-desktop");

        Assert.Equal([Transport.Stdio], desktop.Transports);
        Assert.True(desktop.CanWrapRemote);
        Assert.False(desktop.Accepts(Transport.Http));
        Assert.Equal("~/Library/Application Support/Claude/claude_desktop_config.json", desktop.Paths.MacOS);
        Assert.Equal(@"%APPDATA%\Claude\claude_desktop_config.json", desktop.Paths.Windows);
    }

    [Fact]
    public void Cursor_LimitsToolsTo40AndReadsMcpJson()
    {
        var cursor = _catalog.Get("cursor");

        Assert.Equal(40, cursor.Limits.MaxTools);
        Assert.Null(cursor.Limits.MaxServers);
        Assert.Equal("~/.cursor/mcp.json", cursor.Paths.MacOS);
    }

    [Fact]
    public void Orchestrator_AcceptsEveryTransportAndCarriesEverything()
    {
        var orchestrator = _catalog.Get(ClientCatalog.OrchestratorClientId);

        Assert.Equal([Transport.Stdio, Transport.Http, Transport.Sse], orchestrator.Transports);
        var carries = orchestrator.Format.Carries;
        Assert.True(carries.ServerId && carries.RemoteEnv && carries.ToolInclude && carries.ToolExclude);
        Assert.Equal([Transport.Http, Transport.Sse], carries.HeaderTransports);
    }

    [Fact]
    public void Get_UnknownId_IsClientNotFoundListingTheKnownOnes()
    {
        var ex = Assert.Throws<ProblemException>(() => _catalog.Get("nope"));

        Assert.Equal(ClientProblems.ClientNotFoundCode, ex.Problem.Code);
        Assert.Equal(404, ex.Problem.Status);
        Assert.Contains("'nope'", ex.Problem.Detail, StringComparison.Ordinal);
        Assert.Contains("claude-desktop", ex.Problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Get_HostileId_IsNotEchoed()
    {
        var ex = Assert.Throws<ProblemException>(() => _catalog.Get("../../etc\r\n<script>"));
        var newline = Assert.Throws<ProblemException>(() => _catalog.Get("abc\n"));

        Assert.DoesNotContain("script", ex.Problem.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", newline.Problem.Detail, StringComparison.Ordinal);
        Assert.Null(_catalog.Find(null!));
    }

    [Fact]
    public void Constructor_DuplicateIds_AreRefused()
    {
        var client = _catalog.Get("cursor");

        Assert.Throws<ArgumentException>(() => new ClientCatalog([client, client]));
    }

    [Fact]
    public void ClientDefinition_WithoutAFormat_HasTheCommonMcpServersShape()
    {
        var custom = new ClientDefinition { Id = "custom", DisplayName = "Custom", Paths = new(null, null, null), Transports = [Transport.Stdio] };

        Assert.Equal(["mcpServers"], custom.Format.CollectionPath);
        Assert.Equal(FormatSyntax.Json, custom.Format.Syntax);
    }

    [Fact]
    public void AddClients_RegistersTheCatalogAndTheFormatsAsSingletons()
    {
        using var provider = new ServiceCollection().AddClients().BuildServiceProvider();

        var catalog = provider.GetRequiredService<ClientCatalog>();
        Assert.Same(catalog, provider.GetRequiredService<ClientCatalog>());
        Assert.NotEmpty(catalog.All);
        Assert.Same(provider.GetRequiredService<NativeConfigFormats>(), provider.GetRequiredService<NativeConfigFormats>());
    }
}
