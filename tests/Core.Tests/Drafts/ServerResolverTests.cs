using McpOrchestrator.Core.Clients;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Drafts;
using McpOrchestrator.Core.Registry;
using McpOrchestrator.Core.Validation;

namespace McpOrchestrator.Core.Tests.Drafts;

public sealed class ServerResolverTests
{
    private static readonly ClientCatalog Clients = new();
    private static readonly ClientDefinition ClaudeCode = Clients.Get("claude-code");
    private static readonly ClientDefinition ClaudeDesktop = Clients.Get("claude-desktop");

    private static ServerDefinition Server(string id) => BuiltInServers.All.Single(s => s.Id == id);

    private static EntryResolution Resolve(string serverId, Dictionary<string, string>? parameters = null, Dictionary<string, string>? env = null, ClientDefinition? client = null, bool wrap = false) =>
        ServerResolver.Resolve(
            new DraftEntry { Name = serverId, ServerId = serverId, Params = parameters ?? [], Env = env ?? [], WrapRemote = wrap },
            Server(serverId),
            client ?? ClaudeCode);

    private static ValidationIssue SingleError(EntryResolution resolution)
    {
        Assert.Null(resolution.Config);
        return Assert.Single(resolution.Issues, i => i.Severity == IssueSeverity.Error);
    }

    [Fact]
    public void Stdio_RequiredParameter_IsSubstituted()
    {
        var config = Resolve("filesystem", new() { ["path"] = "/Users/me/Documents" }).Config!;

        Assert.Equal(("filesystem", Transport.Stdio, "npx", "filesystem"), (config.Name, config.Transport, config.Command, config.ServerId));
        Assert.Equal(["-y", "@modelcontextprotocol/server-filesystem", "/Users/me/Documents"], config.Args);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-rf")]
    [InlineData("--config=/etc/passwd")]
    public void Stdio_ValueStartingWithDashAtTheStartOfAnArg_IsRefusedAsAFlag(string value)
    {
        var error = SingleError(Resolve("filesystem", new() { ["path"] = value }));

        Assert.Equal((ValidationCodes.InvalidParameter, "params.path"), (error.Code, error.Path));
        Assert.Contains("Parameter 'path' of 'filesystem' starts with '-'", error.Message, StringComparison.Ordinal);
        Assert.Contains("put ./ before it", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"allowFlag\": true", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Stdio_DashInsideAFlagTheEntryWrote_OrNotAtTheStart_StaysOneArgument()
    {
        Assert.Equal(["mcp-server-fetch", "--user-agent=--help"], Resolve("fetch", new() { ["user_agent"] = "--help" }).Config!.Args);
        Assert.Equal(["-y", "@modelcontextprotocol/server-filesystem", "./--help"], Resolve("filesystem", new() { ["path"] = "./--help" }).Config!.Args);
        Assert.Equal(["-y", "@modelcontextprotocol/server-filesystem", "$(id) `id` ; rm -rf ~"], Resolve("filesystem", new() { ["path"] = "$(id) `id` ; rm -rf ~" }).Config!.Args);
    }

    [Fact]
    public void Stdio_ParameterTheRegistryAllowsFlagsFor_OrItsOwnDefault_MayStartWithDash()
    {
        var server = Server("filesystem") with
        {
            Args = ["-y", "@modelcontextprotocol/server-filesystem", "{mode}", "{path}"],
            Parameters =
            [
                new ServerParameter { Name = "path", Type = ParameterType.Path, Required = true, AllowFlag = true },
                new ServerParameter { Name = "mode", Type = ParameterType.String, Default = "--read-only" },
            ],
        };
        var entry = new DraftEntry { Name = "fs", ServerId = "filesystem", Params = new Dictionary<string, string> { ["path"] = "--allow-write" }, Env = new Dictionary<string, string>() };

        var config = ServerResolver.Resolve(entry, server, ClaudeCode).Config!;

        Assert.Equal(["-y", "@modelcontextprotocol/server-filesystem", "--read-only", "--allow-write"], config.Args);
        var given = entry with { Params = new Dictionary<string, string> { ["path"] = "/data", ["mode"] = "--allow-write" } };
        Assert.Equal("params.mode", SingleError(ServerResolver.Resolve(given, server, ClaudeCode)).Path);
    }

    [Fact]
    public void Remote_UrlStartingWithADashFromAParameter_IsRefused_SoTheBridgeNeverGetsAFlag()
    {
        var server = Server("custom-api") with { Url = "{host}" };

        var error = SingleError(ResolveWrapped(server, new() { ["host"] = "--inspect" }, ClaudeDesktop));

        Assert.Equal((ValidationCodes.InvalidParameter, "params.host"), (error.Code, error.Path));
    }

    private static EntryResolution ResolveWrapped(ServerDefinition server, Dictionary<string, string> parameters, ClientDefinition client) =>
        ServerResolver.Resolve(new DraftEntry { Name = server.Id, ServerId = server.Id, Params = parameters, Env = new Dictionary<string, string>(), WrapRemote = true }, server, client);

    [Fact]
    public void Remote_OptionalDefaults_AreApplied()
    {
        var config = Resolve("custom-api").Config!;

        Assert.Equal("http://localhost:8080/mcp", config.Url);
        Assert.Equal("http://api.example.com:9090/mcp", Resolve("custom-api", new() { ["host"] = "api.example.com", ["port"] = "9090" }).Config!.Url);
    }

    [Fact]
    public void Remote_HeaderNamingAnUnsetOptionalParameter_IsLeftOut_AndFilledWhenGiven()
    {
        var bare = Resolve("n8n", new() { ["path"] = "flows" }).Config!;
        var withToken = Resolve("n8n", new() { ["path"] = "flows", ["token"] = "${secret:N8N_TOKEN}" }).Config!;

        Assert.Equal("http://localhost:5678/mcp/flows", bare.Url);
        Assert.Empty(bare.Headers);
        Assert.Equal(new Dictionary<string, string> { ["Authorization"] = "Bearer ${secret:N8N_TOKEN}" }, withToken.Headers);
    }

    [Fact]
    public void Stdio_ArgNamingAnUnsetOptionalParameter_IsLeftOut()
    {
        Assert.Equal(["mcp-server-fetch"], Resolve("fetch").Config!.Args);
        Assert.Equal(["mcp-server-fetch", "--user-agent=Bot/1"], Resolve("fetch", new() { ["user_agent"] = "Bot/1" }).Config!.Args);
        Assert.Equal(["postgres-mcp", "--access-mode=restricted"], Resolve("postgres", env: new() { ["DATABASE_URI"] = "${secret:DB}" }).Config!.Args);
    }

    [Fact]
    public void Value_IsInsertedVerbatim_NeverSubstitutedAgain()
    {
        var config = Resolve("filesystem", new() { ["path"] = "/data/{path}" }).Config!;

        Assert.Equal("/data/{path}", config.Args[^1]);
    }

    [Theory]
    [InlineData("filesystem", null, null, "missing_parameter", "params.path")]
    [InlineData("custom-api", "port", "eighty", "invalid_parameter", "params.port")]
    [InlineData("custom-api", "port", "80.5", "invalid_parameter", "params.port")]
    [InlineData("n8n", "base_url", "localhost:5678", "invalid_parameter", "params.base_url")]
    [InlineData("filesystem", "path", "/a/../../etc", "invalid_parameter", "params.path")]
    [InlineData("memory", "unknown", "x", "invalid_parameter", "params.unknown")]
    [InlineData("custom-api", "host", "a\nb", "invalid_parameter", "params.host")]
    public void Parameters_MissingOrInvalid_AreErrors(string serverId, string? name, string? value, string code, string path)
    {
        var parameters = name is null ? new Dictionary<string, string>() : new() { [name] = value! };

        var resolution = Resolve(serverId, parameters);

        Assert.Null(resolution.Config);
        var issue = Assert.Single(resolution.Issues, i => i.Path == path);
        Assert.Equal((code, IssueSeverity.Error, serverId), (issue.Code, issue.Severity, issue.Server));
    }

    [Fact]
    public void MissingRequiredEnv_IsAnError_SuggestingASecretReference()
    {
        var issue = SingleError(Resolve("brave-search"));

        Assert.Equal(("missing_env", "env.BRAVE_API_KEY"), (issue.Code, issue.Path));
        Assert.Contains("${secret:BRAVE_API_KEY}", issue.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("${secret:BRAVE}", true)]
    [InlineData("${env:BRAVE_API_KEY}", true)]
    [InlineData("prefix-${env:A}-${secret:B}", true)]
    [InlineData("literal-value", true)]
    [InlineData("${ENV:BRAVE}", false)]
    [InlineData("${env:}", false)]
    [InlineData("${secret:1BAD}", false)]
    [InlineData("${BRAVE}", false)]
    [InlineData("${input:brave}", false)]
    [InlineData("${env:A", false)]
    public void EnvValues_ThatAreNotReferences_AreKeptVerbatim_WithAWarning(string value, bool reference)
    {
        var resolution = Resolve("brave-search", env: new() { ["BRAVE_API_KEY"] = value });

        Assert.Equal(value, resolution.Config!.Env["BRAVE_API_KEY"]);
        if (reference)
        {
            Assert.Empty(resolution.Issues);
        }
        else
        {
            var warning = Assert.Single(resolution.Issues);
            Assert.Equal(("unknown_reference", IssueSeverity.Warning, "env.BRAVE_API_KEY"), (warning.Code, warning.Severity, warning.Path));
        }
    }

    [Fact]
    public void EnvName_Invalid_IsAnError_AndEmptyValue_AWarning()
    {
        var bad = Resolve("memory", env: new() { ["1BAD"] = "x" });
        var empty = Resolve("memory", env: new() { ["MEMORY_FILE_PATH"] = "  " });

        Assert.Equal("invalid_env", SingleError(bad).Code);
        Assert.NotNull(empty.Config);
        Assert.Equal(("empty_env_var", IssueSeverity.Warning), (empty.Issues.Single().Code, empty.Issues.Single().Severity));
    }

    [Fact]
    public void Remote_OnStdioOnlyClient_WithoutWrap_TransportNotSupported()
    {
        var issue = SingleError(Resolve("deepwiki", client: ClaudeDesktop));

        Assert.Equal(("transport_not_supported", "transport"), (issue.Code, issue.Path));
        Assert.Contains("wrapRemote", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Remote_OnStdioOnlyClient_WithWrap_IsTheMcpRemoteBridge_WithHeadersAsArgs()
    {
        var resolution = Resolve("github-remote", new() { ["token"] = "${secret:GITHUB_PAT}" }, client: ClaudeDesktop, wrap: true);

        Assert.True(resolution.Wrapped);
        var config = resolution.Config!;
        Assert.Equal((Transport.Stdio, "npx", null, "github-remote"), (config.Transport, config.Command, config.Url, config.ServerId));
        Assert.Equal(["-y", "mcp-remote", "https://api.githubcopilot.com/mcp/", "--header", "Authorization: Bearer ${secret:GITHUB_PAT}"], config.Args);
        Assert.Empty(config.Headers);
    }

    [Fact]
    public void Remote_OnAClientThatRunsIt_IsNotWrapped_EvenIfAllowed()
    {
        var resolution = Resolve("deepwiki", client: ClaudeCode, wrap: true);

        Assert.False(resolution.Wrapped);
        Assert.Equal((Transport.Http, "https://mcp.deepwiki.com/mcp"), (resolution.Config!.Transport, resolution.Config.Url));
    }

    [Fact]
    public void Wrap_Sse_IsBridgedToo()
    {
        var config = Resolve("atlassian", client: ClaudeDesktop, wrap: true).Config!;

        Assert.Equal(["-y", "mcp-remote", "https://mcp.atlassian.com/v1/sse"], config.Args);
    }

    [Fact]
    public void UnknownServer_IsAnError()
    {
        var resolution = ServerResolver.Resolve(new DraftEntry { Name = "gone", ServerId = "gone" }, null, ClaudeCode);

        Assert.Equal(("unknown_server", "serverId"), (SingleError(resolution).Code, SingleError(resolution).Path));
    }

    [Fact]
    public void Inline_IsUsedAsWritten_WithTheEntrysNameAndEnv()
    {
        var inline = new ServerConfig { Name = "whatever", Transport = Transport.Stdio, Command = "my-server", Args = ["--flag"], Env = new Dictionary<string, string> { ["A"] = "1" }, ServerId = "ignored" };

        var config = ServerResolver.Resolve(new DraftEntry { Name = "mine", Inline = inline, Env = new Dictionary<string, string> { ["B"] = "2" } }, null, ClaudeCode).Config!;

        Assert.Equal(("mine", "my-server", null), (config.Name, config.Command, config.ServerId));
        Assert.Equal(new Dictionary<string, string> { ["A"] = "1", ["B"] = "2" }, config.Env);
    }

    [Fact]
    public void Inline_BrokenShapes_HaveThePriorCodes()
    {
        static ValidationIssue Error(ServerConfig inline) =>
            SingleError(ServerResolver.Resolve(new DraftEntry { Name = "x", Inline = inline }, null, ClaudeCode));

        Assert.Equal("missing_command", Error(new ServerConfig { Name = "x", Transport = Transport.Stdio, Command = " " }).Code);
        Assert.Equal("missing_args", Error(new ServerConfig { Name = "x", Transport = Transport.Stdio, Command = "c", Args = null! }).Code);
        Assert.Equal("invalid_args_type", Error(new ServerConfig { Name = "x", Transport = Transport.Stdio, Command = "c", Args = ["a", null!] }).Code);
        Assert.Equal("invalid_env_type", Error(new ServerConfig { Name = "x", Transport = Transport.Stdio, Command = "c", Env = new Dictionary<string, string> { ["A"] = null! } }).Code);
        Assert.Equal("missing_url", Error(new ServerConfig { Name = "x", Transport = Transport.Http }).Code);
        Assert.Equal("invalid_url", Error(new ServerConfig { Name = "x", Transport = Transport.Http, Url = "not a url" }).Code);
        Assert.Equal("invalid_header", Error(new ServerConfig { Name = "x", Transport = Transport.Http, Url = "https://a", Headers = new Dictionary<string, string> { ["A"] = "x\r\ny" } }).Code);
    }

    [Fact]
    public void Inline_TextThatLooksLikeAPlaceholder_IsAWarning()
    {
        var resolution = ServerResolver.Resolve(
            new DraftEntry { Name = "x", Inline = new ServerConfig { Name = "x", Transport = Transport.Stdio, Command = "c", Args = ["--root={dir}", "${env:HOME}"] } }, null, ClaudeCode);

        var warning = Assert.Single(resolution.Issues);
        Assert.Equal(("unresolved_placeholder", IssueSeverity.Warning, "args[0]"), (warning.Code, warning.Severity, warning.Path));
        Assert.NotNull(resolution.Config);
    }

    [Fact]
    public void ToolFilter_BadNames_InvalidTools_EmptyFilter_IsDropped()
    {
        var bad = ServerResolver.Resolve(new DraftEntry { Name = "memory", ServerId = "memory", Tools = new ToolFilter { Include = ["ok", ""] } }, Server("memory"), ClaudeCode);
        var empty = ServerResolver.Resolve(new DraftEntry { Name = "memory", ServerId = "memory", Tools = new ToolFilter() }, Server("memory"), ClaudeCode);

        Assert.Equal(("invalid_tools", "tools.include[1]"), (SingleError(bad).Code, SingleError(bad).Path));
        Assert.Null(empty.Config!.Tools);
    }
}
