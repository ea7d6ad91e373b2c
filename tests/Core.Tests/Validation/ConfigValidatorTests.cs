using McpOrchestrator.Core.Clients;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Drafts;
using McpOrchestrator.Core.Mcp;
using McpOrchestrator.Core.Registry;
using McpOrchestrator.Core.Validation;

namespace McpOrchestrator.Core.Tests.Validation;

/// <summary>One test per validation code, on the pure rules.</summary>
public sealed class ConfigValidatorTests
{
    private static readonly ClientCatalog Catalog = new();
    private static readonly ClientDefinition ClaudeCode = Catalog.Get("claude-code");

    private static readonly ClientDefinition Limited = ClaudeCode with
    {
        Id = "limited",
        DisplayName = "Limited Client",
        Limits = new ClientLimits { MaxServers = 2, MaxEnvVarsPerServer = 1, MaxToolNameLength = 20, MaxTools = 3 },
    };

    private static ServerDefinition Server(string id) => BuiltInServers.All.Single(s => s.Id == id);

    private static (DraftEntry, ServerDefinition?) Entry(string serverId, string? name = null, Dictionary<string, string>? parameters = null, Dictionary<string, string>? env = null, ToolFilter? tools = null) =>
        (new DraftEntry { Name = name ?? serverId, ServerId = serverId, Params = parameters ?? [], Env = env ?? [], Tools = tools }, BuiltInServers.All.SingleOrDefault(s => s.Id == serverId));

    private static (DraftEntry, ServerDefinition?) Inline(ServerConfig server) => (new DraftEntry { Name = server.Name, Inline = server }, null);

    private static ValidationReport Validate(ClientDefinition? client, params (DraftEntry, ServerDefinition?)[] entries) =>
        ConfigValidator.Report(ConfigValidator.CheckEntries(entries, client, client?.Id ?? "mystery", out _), entries.Length, DateTimeOffset.UnixEpoch);

    private static ValidationIssue Only(ValidationReport report, string code) => Assert.Single(report.Errors.Concat(report.Warnings), i => i.Code == code);

    [Fact]
    public void Valid_Draft_HasNoIssues()
    {
        var report = Validate(ClaudeCode, Entry("memory"), Entry("filesystem", parameters: new() { ["path"] = "/srv" }));

        Assert.True(report.Valid);
        Assert.Empty(report.Errors);
        Assert.Empty(report.Warnings);
        Assert.Equal((2, DateTimeOffset.UnixEpoch), (report.ServerCount, report.ValidatedAt));
    }

    [Fact]
    public void EmptyConfig()
    {
        var report = Validate(ClaudeCode);

        Assert.False(report.Valid);
        Assert.Equal("Configuration is empty. Add at least one server before publishing.", Only(report, "empty_config").Message);
    }

    [Fact]
    public void UnknownClient_IsAWarning_AndClientChecksAreSkipped()
    {
        var report = Validate(null, Entry("deepwiki"));

        Assert.True(report.Valid);
        Assert.Equal(IssueSeverity.Warning, Only(report, "unknown_client").Severity);
    }

    [Theory]
    [InlineData("missing_command")]
    [InlineData("missing_args")]
    [InlineData("invalid_args_type")]
    [InlineData("invalid_env_type")]
    [InlineData("missing_url")]
    [InlineData("invalid_url")]
    public void PriorShapeRules_OnInlineServers(string code)
    {
        var server = code switch
        {
            "missing_command" => new ServerConfig { Name = "x", Transport = Transport.Stdio },
            "missing_args" => new ServerConfig { Name = "x", Transport = Transport.Stdio, Command = "c", Args = null! },
            "invalid_args_type" => new ServerConfig { Name = "x", Transport = Transport.Stdio, Command = "c", Args = [null!] },
            "invalid_env_type" => new ServerConfig { Name = "x", Transport = Transport.Stdio, Command = "c", Env = null! },
            "missing_url" => new ServerConfig { Name = "x", Transport = Transport.Sse },
            _ => new ServerConfig { Name = "x", Transport = Transport.Http, Url = "mailto:a@b" },
        };

        var report = Validate(ClaudeCode, Inline(server));

        Assert.False(report.Valid);
        Assert.Equal(("x", IssueSeverity.Error), (Only(report, code).Server, Only(report, code).Severity));
    }

    [Fact]
    public void EmptyEnvVar_IsAWarning()
    {
        var report = Validate(ClaudeCode, Entry("memory", env: new() { ["MEMORY_FILE_PATH"] = "" }));

        Assert.True(report.Valid);
        Assert.Equal(("env.MEMORY_FILE_PATH", IssueSeverity.Warning), (Only(report, "empty_env_var").Path, Only(report, "empty_env_var").Severity));
    }

    [Fact]
    public void TooManyServers_AndTooManyEnvVars_CarryLimitAndActual()
    {
        var report = Validate(Limited, Entry("memory", env: new() { ["A"] = "1", ["B"] = "2" }), Entry("time"), Entry("everything"));

        var servers = Only(report, "too_many_servers");
        var env = Only(report, "too_many_env_vars");
        Assert.Equal((2, 3), (servers.Limit, servers.Actual));
        Assert.Equal("Configuration has 3 servers, but Limited Client supports max 2.", servers.Message);
        Assert.Equal(("memory", 1, 2), (env.Server, env.Limit, env.Actual));
    }

    [Theory]
    [InlineData("unknown_server")]
    [InlineData("missing_parameter")]
    [InlineData("invalid_parameter")]
    [InlineData("missing_env")]
    [InlineData("invalid_env")]
    [InlineData("transport_not_supported")]
    [InlineData("invalid_name")]
    [InlineData("invalid_tools")]
    public void EntryRules(string code)
    {
        var client = code == "transport_not_supported" ? Catalog.Get("claude-desktop") : ClaudeCode;
        var entry = code switch
        {
            "unknown_server" => (new DraftEntry { Name = "gone", ServerId = "gone" }, null),
            "missing_parameter" => Entry("git"),
            "invalid_parameter" => Entry("custom-api", parameters: new() { ["port"] = "many" }),
            "missing_env" => Entry("slack", env: new() { ["SLACK_BOT_TOKEN"] = "${secret:SLACK}" }),
            "invalid_env" => Entry("memory", env: new() { ["1BAD"] = "x" }),
            "transport_not_supported" => Entry("linear"),
            "invalid_name" => Entry("memory", name: "Bad Name"),
            _ => Entry("memory", tools: new ToolFilter { Exclude = [new string('t', 200)] }),
        };

        var report = Validate(client, entry);

        Assert.False(report.Valid);
        Assert.Equal(IssueSeverity.Error, Only(report, code).Severity);
    }

    [Fact]
    public void UnknownReference_IsAWarning_ForEnvArgsUrlAndHeaders()
    {
        var report = Validate(ClaudeCode,
            Entry("memory", env: new() { ["MEMORY_FILE_PATH"] = "${workspaceFolder}/m.json" }),
            Inline(new ServerConfig { Name = "remote", Transport = Transport.Http, Url = "https://${input:host}/mcp", Headers = new Dictionary<string, string> { ["X-Key"] = "${input:key}" } }),
            Inline(new ServerConfig { Name = "local", Transport = Transport.Stdio, Command = "node", Args = ["${HOME:-/tmp}/x.js"] }));

        Assert.True(report.Valid);
        Assert.Equal(
            [("local", "args[0]"), ("memory", "env.MEMORY_FILE_PATH"), ("remote", "headers.X-Key"), ("remote", "url")],
            report.Warnings.Where(w => w.Code == "unknown_reference").Select(w => (w.Server!, w.Path!)));
    }

    [Fact]
    public void UnresolvedPlaceholder_InARegistryEntry_IsAnError()
    {
        var broken = new ServerDefinition { Id = "broken", Name = "Broken", Transport = Transport.Stdio, Command = "x", Args = ["{nothing}"] };

        var report = Validate(ClaudeCode, (new DraftEntry { Name = "broken", ServerId = "broken" }, broken));

        Assert.Equal(("args[0]", IssueSeverity.Error), (Only(report, "unresolved_placeholder").Path, Only(report, "unresolved_placeholder").Severity));
    }

    [Fact]
    public void DuplicateName_InAPayload()
    {
        var server = new ServerConfig { Name = "twin", Transport = Transport.Stdio, Command = "x" };

        var issues = ConfigValidator.CheckServers([server, server with { Command = "y" }], ClaudeCode, "claude-code", out var resolved);

        Assert.Equal("twin", Assert.Single(issues, i => i.Code == "duplicate_name").Server);
        Assert.Equal(2, resolved.Count);
    }

    [Fact]
    public void ToolNameTooLong_AndTooManyTools_AreWarnings_FromIncludeLists()
    {
        var report = Validate(Limited,
            Entry("memory", tools: new ToolFilter { Include = ["read_graph", "a_rather_long_tool_name"] }),
            Entry("time", tools: new ToolFilter { Include = ["get_current_time", "convert_time"] }));

        Assert.True(report.Valid);
        var tooLong = report.Warnings.Where(w => w.Code == "tool_name_too_long").Select(w => (w.Server, w.Actual)).ToList();
        Assert.Equal([("memory", 31), ("time", 22)], tooLong);
        Assert.Equal((3, 4), (Only(report, "too_many_tools").Limit, Only(report, "too_many_tools").Actual));
    }

    [Fact]
    public void TooManyTools_IsNotClaimed_WhenSomeServerExposesAnUnknownNumber()
    {
        var report = Validate(Limited, Entry("memory", tools: new ToolFilter { Include = ["a", "b", "c", "d"] }), Entry("time"));

        Assert.DoesNotContain(report.Warnings, w => w.Code == "too_many_tools");
    }

    [Fact]
    public void ProbeLimits_CountExposedTools_AfterFilters()
    {
        var servers = new[]
        {
            new ServerConfig { Name = "a", Transport = Transport.Stdio, Command = "x", Tools = new ToolFilter { Exclude = ["drop"] } },
            new ServerConfig { Name = "b", Transport = Transport.Stdio, Command = "y" },
        };
        ProbeResult[] probes =
        [
            new() { Server = "a", Ok = true, ToolNames = ["one", "two", "drop"] },
            new() { Server = "b", Ok = true, ToolNames = ["three", "a_tool_with_a_long_name"] },
        ];

        var issues = ConfigValidator.ProbeLimits(servers, probes, Limited);

        Assert.Equal((3, 4), (issues.Single(i => i.Code == "too_many_tools").Limit, issues.Single(i => i.Code == "too_many_tools").Actual));
        Assert.Equal("b", issues.Single(i => i.Code == "tool_name_too_long").Server);
    }

    [Theory]
    [InlineData("env", "BRAVE_API_KEY", "BSAabcdefghijklmnop0123456789XYZ")]
    [InlineData("env", "BRAVE_API_KEY", "plain-looking-value")]
    [InlineData("env", "OTHER", "ghp_0123456789abcdefghijABCDEFGHIJ012345")]
    public void LiteralSecret_InEnv_IsAWarning_WithoutTheValue(string _, string variable, string value)
    {
        var report = Validate(ClaudeCode, Entry("brave-search", env: new() { ["BRAVE_API_KEY"] = "${secret:BRAVE}", [variable] = value }));

        Assert.True(report.Valid);
        var issue = Only(report, "literal_secret");
        Assert.Equal(("env." + variable, IssueSeverity.Warning), (issue.Path, issue.Severity));
        Assert.DoesNotContain(value, issue.Message, StringComparison.Ordinal);
        Assert.Contains($"${{secret:{variable}}}", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LiteralSecret_InAHeader_ThroughAParameter()
    {
        var report = Validate(ClaudeCode, Entry("github-remote", parameters: new() { ["token"] = "ghp_0123456789abcdefghijABCDEFGHIJ012345" }));

        Assert.Equal("headers.Authorization", Only(report, "literal_secret").Path);
    }

    [Fact]
    public void LiteralSecret_InAWrappedHeaderArg()
    {
        var desktop = Catalog.Get("claude-desktop");
        var entry = (new DraftEntry { Name = "gh", ServerId = "github-remote", Params = new Dictionary<string, string> { ["token"] = "Zx9Qm2Lr7Tk4Vb8Np3Hs6Wd1" }, WrapRemote = true }, Server("github-remote"));

        var report = Validate(desktop, entry);

        Assert.Equal("args[4]", Only(report, "literal_secret").Path);
    }

    [Fact]
    public void References_AreNeverSecrets()
    {
        var report = Validate(ClaudeCode,
            Entry("slack", env: new() { ["SLACK_BOT_TOKEN"] = "${secret:SLACK_BOT_TOKEN}", ["SLACK_TEAM_ID"] = "T01234567" }),
            Entry("github-remote", parameters: new() { ["token"] = "${secret:GITHUB_PAT}" }));

        Assert.Empty(report.Warnings);
    }

    [Fact]
    public void Report_IsOrdered_ByServerThenPathThenCode()
    {
        var report = Validate(ClaudeCode,
            Entry("memory", name: "b", env: new() { ["Z"] = "", ["A"] = "" }),
            Entry("memory", name: "a", env: new() { ["M"] = "" }));

        Assert.Equal([("a", "env.M"), ("b", "env.A"), ("b", "env.Z")], report.Warnings.Select(w => (w.Server!, w.Path!)));
    }
}
