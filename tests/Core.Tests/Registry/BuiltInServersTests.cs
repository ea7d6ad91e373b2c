using McpOrchestrator.Core.Clients;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Drafts;
using McpOrchestrator.Core.Registry;

namespace McpOrchestrator.Core.Tests.Registry;

public sealed class BuiltInServersTests
{
    public static TheoryData<string> ServerIds() => [.. BuiltInServers.All.Select(s => s.Id)];

    [Fact]
    public void All_HasAtLeast25Entries_WithUniqueIds_InTheIdPattern()
    {
        Assert.True(BuiltInServers.All.Count >= 25, $"{BuiltInServers.All.Count} built-in servers");
        Assert.Equal(BuiltInServers.All.Count, BuiltInServers.All.Select(s => s.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.All(BuiltInServers.All, s => Assert.True(Ids.IsValid(s.Id), s.Id));
        Assert.All(BuiltInServers.All, s => Assert.True(s.BuiltIn));
    }

    [Fact]
    public void All_IncludeThePriorFifteen_TheReferenceServers_AndRemoteServers()
    {
        var ids = BuiltInServers.All.Select(s => s.Id).ToHashSet();
        string[] prior = ["filesystem", "brave-search", "github", "memory", "fetch", "postgres", "sqlite", "slack", "puppeteer", "google-maps", "n8n", "custom-api", "everything", "sequential-thinking", "sentry"];
        string[] reference = ["everything", "memory", "filesystem", "git", "time", "fetch", "sequential-thinking"];
        Assert.DoesNotContain(prior.Concat(reference), id => !ids.Contains(id));
        Assert.True(BuiltInServers.All.Count(s => s.Transport == Transport.Http && s.Url!.StartsWith("https://", StringComparison.Ordinal)) >= 8);
        Assert.Contains(BuiltInServers.All, s => s.Id == "github-remote" && s.Url == "https://api.githubcopilot.com/mcp/");
    }

    [Fact]
    public void MovedAndPythonServers_UseTheirCurrentCommands()
    {
        var byId = BuiltInServers.All.ToDictionary(s => s.Id);
        Assert.Equal(("uvx", "mcp-server-fetch"), (byId["fetch"].Command, byId["fetch"].Args[0]));
        Assert.Equal(("uvx", "mcp-server-git"), (byId["git"].Command, byId["git"].Args[0]));
        Assert.Equal(("uvx", "mcp-server-time"), (byId["time"].Command, byId["time"].Args[0]));
        Assert.Equal(("uvx", "mcp-server-sqlite"), (byId["sqlite"].Command, byId["sqlite"].Args[0]));
        Assert.Contains("@brave/brave-search-mcp-server", byId["brave-search"].Args);
        Assert.Contains("ghcr.io/github/github-mcp-server", byId["github"].Args);
        Assert.Contains("@zencoderai/slack-mcp-server", byId["slack"].Args);
        Assert.Contains("@sentry/mcp-server@latest", byId["sentry"].Args);
        string[] gone = ["@modelcontextprotocol/server-brave-search", "@modelcontextprotocol/server-github", "@modelcontextprotocol/server-fetch",
            "@modelcontextprotocol/server-postgres", "@modelcontextprotocol/server-sqlite", "@modelcontextprotocol/server-slack", "@modelcontextprotocol/server-sentry"];
        Assert.DoesNotContain(BuiltInServers.All.SelectMany(s => s.Args), gone.Contains);
        Assert.DoesNotContain("Windows", byId["everything"].Description);
    }

    [Theory]
    [MemberData(nameof(ServerIds))]
    public void Entry_ObeysTheRulesForCustomEntries(string id)
    {
        var server = BuiltInServers.All.Single(s => s.Id == id);

        Assert.Empty(ServerDefinitionValidator.Check(server));
        Assert.NotNull(server.DocsUrl);
        Assert.True(ParameterValues.IsHttpUrl(server.DocsUrl));
        Assert.NotEmpty(server.Tags);
        Assert.False(string.IsNullOrWhiteSpace(server.Description));
    }

    [Theory]
    [MemberData(nameof(ServerIds))]
    public void Entry_UsageExample_Resolves_LeavingNoPlaceholder(string id)
    {
        var server = BuiltInServers.All.Single(s => s.Id == id);
        var client = new ClientCatalog().Get("claude-code");
        var example = AddEntryRequest.ExampleFor(server);
        var entry = new DraftEntry
        {
            Name = id,
            ServerId = example.ServerId,
            Params = example.Params ?? new Dictionary<string, string>(),
            Env = example.Env ?? new Dictionary<string, string>(),
        };

        var resolution = ServerResolver.Resolve(entry, server, client);

        Assert.False(resolution.HasErrors, string.Join("; ", resolution.Issues.Select(i => i.Message)));
        var config = resolution.Config!;
        var texts = config.Args.Concat(config.Headers.Values).Append(config.Url ?? string.Empty);
        Assert.DoesNotContain(texts, t => System.Text.RegularExpressions.Regex.IsMatch(t, @"(?<!\$)\{[A-Za-z_]"));
        Assert.Equal(server.Transport, config.Transport);
        Assert.All(config.Env.Values, value => Assert.Matches(@"^\$\{(secret|env):[A-Z_0-9]+\}$", value));
    }

    [Fact]
    public void UsageExample_OfSlack_UsesSecretAndEnvReferences()
    {
        var example = AddEntryRequest.ExampleFor(BuiltInServers.All.Single(s => s.Id == "slack"));

        Assert.Equal(new Dictionary<string, string> { ["SLACK_BOT_TOKEN"] = "${secret:SLACK_BOT_TOKEN}", ["SLACK_TEAM_ID"] = "${env:SLACK_TEAM_ID}" }, example.Env);
        Assert.Null(example.Params);
    }

    [Fact]
    public void Json_OfADefinition_HasOnlyTheDocumentedMembers()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(BuiltInServers.All.Single(s => s.Id == "n8n"), ServerDefinitionValidatorTests.EdgeJson);
        using var document = System.Text.Json.JsonDocument.Parse(json);

        Assert.Equal(
            ["args", "builtIn", "command", "description", "docsUrl", "env", "headers", "id", "name", "package", "parameters", "tags", "transport", "url"],
            document.RootElement.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["optional", "required"], document.RootElement.GetProperty("env").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }
}
