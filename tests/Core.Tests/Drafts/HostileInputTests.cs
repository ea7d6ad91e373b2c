using System.Globalization;
using System.Text;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Drafts;
using McpOrchestrator.Core.Problems;
using McpOrchestrator.Core.Profiles;
using McpOrchestrator.Core.Registry;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Core.Tests.Drafts;

/// <summary>
/// Hostile input to every operation of registry, profiles and drafts: ids outside the pattern, OData-looking text,
/// path tricks, control and invisible characters, huge strings, malformed values and garbage imports. Each must be a
/// 4xx problem with a code, never another exception, and must leave storage exactly as it was.
/// </summary>
public sealed class HostileInputTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static readonly string[] BadIds =
    [
        "", " ", "A", "Upper", "-lead", ".lead", "_lead", "..", "../x", "a/../b", "a/b", "a\\b", "a#b", "a?b", "a b",
        "a\u0000b", "a\nb", "abc\n", "a\r\n", "a\t", "\u202Eabc", "ａｂｃ", "😀", "' or 1 eq 1", "x' or PartitionKey ne 'x",
        "%2e%2e%2f", "$filter", "a'b", new string('a', 65), new string('a', 100_000),
    ];

    private static readonly Dictionary<string, Func<ConfigHost, Task>> Cases = Build();

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    [Fact]
    public void TheSuite_HasMoreThan200Cases() => Assert.True(Cases.Count > 200, $"{Cases.Count} cases");

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task HostileInput_Is4xxProblem_AndChangesNothing(string name)
    {
        var host = ConfigHost.OnAzurite(azurite);
        await host.Registry.PutCustomAsync("acme", new ServerDefinitionRequest { Name = "Acme", Transport = "stdio", Command = "acme" }, None);
        await host.Profiles.PutAsync("cursor", "dev", new ProfileRequest { Description = "Dev" }, None);
        await host.Drafts.AddAsync("cursor", "default", new AddEntryRequest { ServerId = "memory" }, null, None);
        await host.Drafts.AddAsync("claude-desktop", "default", new AddEntryRequest { ServerId = "time" }, null, None);
        var before = await host.DumpAsync();

        var problem = (await Assert.ThrowsAsync<ProblemException>(() => Cases[name](host))).Problem;

        Assert.InRange(problem.Status, 400, 499);
        Assert.Matches("^[a-z_]+$", problem.Code);
        Assert.False(string.IsNullOrWhiteSpace(problem.Detail));
        Assert.True(problem.Detail.Length < 2000, $"detail of {problem.Detail.Length} characters");
        Assert.DoesNotContain('\n', problem.Detail);
        Assert.DoesNotContain('\u0000', problem.Detail);
        Assert.Equal(before, await host.DumpAsync());
    }

    private static Dictionary<string, Func<ConfigHost, Task>> Build()
    {
        var cases = new Dictionary<string, Func<ConfigHost, Task>>(StringComparer.Ordinal);
        void Add(string name, Func<ConfigHost, Task> action) => cases.Add($"{name} #{cases.Count.ToString(CultureInfo.InvariantCulture)}", action);

        foreach (var id in BadIds)
        {
            var shown = Readable(id);
            Add($"registry.get {shown}", h => h.Registry.GetAsync(id, None));
            Add($"registry.put {shown}", h => h.Registry.PutCustomAsync(id, ConfigHost.StdioRequest(), None));
            Add($"registry.delete {shown}", h => h.Registry.DeleteCustomAsync(id, None));
            Add($"profiles.list client {shown}", h => h.Profiles.ListAsync(id, None));
            Add($"profiles.put {shown}", h => h.Profiles.PutAsync("cursor", id, new ProfileRequest { Description = "x" }, None));
            Add($"profiles.delete {shown}", h => h.Profiles.DeleteAsync("cursor", id, force: true, None));
            Add($"drafts.get profile {shown}", h => h.Drafts.GetAsync("cursor", id, None));
            Add($"drafts.add serverId {shown}", h => h.Drafts.AddAsync("cursor", "default", new AddEntryRequest { ServerId = id }, null, None));
            Add($"drafts.add name {shown}", h => h.Drafts.AddAsync("cursor", "default", new AddEntryRequest { ServerId = "time", Name = id }, null, None));
            Add($"drafts.remove {shown}", h => h.Drafts.RemoveAsync("cursor", "default", id, null, None));
            Add($"drafts.clear client {shown}", h => h.Drafts.ClearAsync(id, "default", null, None));
        }

        // Names that are ids but do not exist.
        Add("registry.get unknown", h => h.Registry.GetAsync("nope", None));
        Add("registry.delete unknown", h => h.Registry.DeleteCustomAsync("nope", None));
        Add("registry.put builtin", h => h.Registry.PutCustomAsync("github", ConfigHost.StdioRequest(), None));
        Add("profiles.delete default", h => h.Profiles.DeleteAsync("cursor", "default", force: true, None));
        Add("drafts.add unknown server", h => h.Drafts.AddAsync("cursor", "default", new AddEntryRequest { ServerId = "nope" }, null, None));
        Add("drafts.add duplicate", h => h.Drafts.AddAsync("cursor", "default", new AddEntryRequest { ServerId = "memory" }, null, None));
        Add("drafts.add unknown profile", h => h.Drafts.AddAsync("cursor", "ghost", new AddEntryRequest { ServerId = "memory" }, null, None));
        Add("drafts.remove unknown", h => h.Drafts.RemoveAsync("cursor", "default", "nope", null, None));

        // If-Match values that do not match.
        foreach (var ifMatch in new[] { "\"0\"", "garbage", "W/\"1-abc\"", "\"' or 1 eq 1\"", "\"\"", new string('x', 10_000), "\u0000" })
        {
            Add($"drafts.add if-match {Readable(ifMatch)}", h => h.Drafts.AddAsync("cursor", "default", new AddEntryRequest { ServerId = "time" }, ifMatch, None));
            Add($"drafts.clear if-match {Readable(ifMatch)}", h => h.Drafts.ClearAsync("cursor", "default", ifMatch, None));
        }

        // Parameter values.
        foreach (var (server, parameter, value) in new[]
        {
            ("custom-api", "port", "1 or 1=1"), ("custom-api", "port", "99999999999999999999"), ("custom-api", "port", "8080; rm -rf /"),
            ("custom-api", "host", "a\r\nHost: evil"), ("custom-api", "host", new string('h', 5000)), ("custom-api", "host", "${env:"),
            ("custom-api", "../etc", "x"), ("custom-api", "", "x"), ("custom-api", "$filter", "x"),
            ("filesystem", "path", "../../etc/passwd"), ("filesystem", "path", "/srv/../../etc"), ("filesystem", "path", "C:\\..\\Windows"),
            ("filesystem", "path", ""), ("filesystem", "path", "\u202E/tmp"), ("n8n", "base_url", "javascript:alert(1)"),
            ("n8n", "base_url", "file:///etc/passwd"), ("n8n", "base_url", "http://exa mple.com"),
        })
        {
            Add($"drafts.add params {server}.{Readable(parameter)}={Readable(value)}", h => h.Drafts.AddAsync("cursor", "default", new AddEntryRequest
            {
                ServerId = server,
                Params = new Dictionary<string, string> { [parameter] = value, ["path"] = server == "filesystem" ? value : "/srv" }.Where(p => server != "custom-api" || p.Key != "path").ToDictionary(),
            }, null, None));
        }

        // Env names and values.
        foreach (var (variable, value) in new[]
        {
            ("A B", "x"), ("1A", "x"), ("A=B", "x"), ("", "x"), ("A\nB", "x"), (new string('A', 200), "x"),
            ("A", "${secret:../x}"), ("A", "${SECRET:X}"), ("A", "${env:X"), ("A", "a\u0000b"), ("A", "a\r\nb"), ("A", new string('v', 5000)),
        })
        {
            Add($"drafts.add env {Readable(variable)}={Readable(value)}", h => h.Drafts.AddAsync("cursor", "default", new AddEntryRequest
            {
                ServerId = "time",
                Env = new Dictionary<string, string> { [variable] = value },
            }, null, None));
        }

        Add("drafts.add env too many", h => h.Drafts.AddAsync("cursor", "default", new AddEntryRequest
        {
            ServerId = "time",
            Env = Enumerable.Range(0, 101).ToDictionary(i => $"V{i}", i => "x"),
        }, null, None));
        Add("drafts.add entry too large", h => h.Drafts.AddAsync("cursor", "default", new AddEntryRequest
        {
            ServerId = "time",
            Env = Enumerable.Range(0, 20).ToDictionary(i => $"V{i}", i => new string('v', 4000)),
        }, null, None));

        // Tool filters.
        foreach (var tools in new[]
        {
            new ToolFilter { Include = [""] }, new ToolFilter { Include = [new string('t', 500)] }, new ToolFilter { Exclude = ["a\nb"] },
            new ToolFilter { Include = [.. Enumerable.Range(0, 300).Select(i => $"t{i}")] }, new ToolFilter { Include = null! },
        })
        {
            Add($"drafts.add tools {tools.Include?.Count ?? -1}/{tools.Exclude?.Count ?? -1}", h => h.Drafts.AddAsync("cursor", "default", new AddEntryRequest { ServerId = "time", Tools = tools }, null, None));
        }

        // Transports the client cannot run.
        Add("drafts.add remote to stdio-only", h => h.Drafts.AddAsync("claude-desktop", "default", new AddEntryRequest { ServerId = "linear" }, null, None));

        // Registry definitions.
        foreach (var (label, request) in new (string, ServerDefinitionRequest)[]
        {
            ("no name", new() { Transport = "stdio", Command = "x" }),
            ("transport injection", new() { Name = "A", Transport = "stdio; rm -rf /", Command = "x" }),
            ("undeclared placeholder", new() { Name = "A", Transport = "http", Url = "https://{x}/mcp" }),
            ("header crlf", new() { Name = "A", Transport = "http", Url = "https://a", Headers = new Dictionary<string, string> { ["X"] = "a\r\nSet-Cookie: x" } }),
            ("header name", new() { Name = "A", Transport = "http", Url = "https://a", Headers = new Dictionary<string, string> { ["X Y:"] = "a" } }),
            ("command nul", new() { Name = "A", Transport = "stdio", Command = "a\u0000b" }),
            ("huge arg", new() { Name = "A", Transport = "stdio", Command = "x", Args = [new string('a', 10_000)] }),
            ("many args", new() { Name = "A", Transport = "stdio", Command = "x", Args = [.. Enumerable.Repeat("a", 1000)] }),
            ("many parameters", new() { Name = "A", Transport = "stdio", Command = "x", Parameters = [.. Enumerable.Range(0, 100).Select(i => new ServerParameterRequest { Name = $"p{i}", Type = "string" })] }),
            ("env name", new() { Name = "A", Transport = "stdio", Command = "x", Env = new EnvRequirementsRequest { Required = [new EnvVarSpec { Name = "A=B" }] } }),
            ("huge description", new() { Name = "A", Transport = "stdio", Command = "x", Description = new string('d', 10_000) }),
            ("many tags", new() { Name = "A", Transport = "stdio", Command = "x", Tags = [.. Enumerable.Range(0, 100).Select(i => $"t{i}")] }),
            ("docs url", new() { Name = "A", Transport = "stdio", Command = "x", DocsUrl = "javascript:alert(1)" }),
            ("url file", new() { Name = "A", Transport = "http", Url = "file:///etc/passwd" }),
            ("url path trick", new() { Name = "A", Transport = "sse", Url = "../../mcp" }),
            ("stdio with url", new() { Name = "A", Transport = "stdio", Command = "x", Url = "https://a" }),
            ("odata name", new() { Name = "' or 1 eq 1\u0000", Transport = "stdio", Command = "x" }),
            ("default mismatch", new() { Name = "A", Transport = "stdio", Command = "x", Parameters = [new ServerParameterRequest { Name = "p", Type = "int", Default = "' or 1 eq 1" }] }),
        })
        {
            Add($"registry.put definition {label}", h => h.Registry.PutCustomAsync("acme2", request, None));
        }

        // Profile descriptions.
        foreach (var description in new[] { "a\u0000", new string('d', 600), "line\u2028separator", "\u200Binvisible" })
        {
            Add($"profiles.put description {Readable(description)}", h => h.Profiles.PutAsync("cursor", "dev", new ProfileRequest { Description = description }, None));
        }

        // Registry queries.
        foreach (var (q, transport, tag) in new (string?, string?, string?)[]
        {
            (new string('q', 201), null, null), ("\u0000", null, null), (null, "' or 1 eq 1", null), (null, "STDIO", null),
            (null, null, "' or ''='"), (null, null, "../x"), (null, null, new string('t', 40)),
        })
        {
            Add($"registry.list {Readable(q ?? string.Empty)}|{Readable(transport ?? string.Empty)}|{Readable(tag ?? string.Empty)}",
                h => h.Registry.ListAsync(new ServerQuery { Q = q, Transport = transport, Tag = tag }, None));
        }

        // Garbage imports, in and out of every syntax.
        var deep = new string('[', 5000) + new string(']', 5000);
        foreach (var content in new[]
        {
            "", "   ", "\u0000\u0001\u0002", "{", "{\"mcpServers\": {\"x\": ", "[1,2,3]", "null", "42", "\"text\"", deep,
            "{\"mcpServers\": {\"!!!\": {\"command\": \"x\"}}}", "{\"mcpServers\": {\"x\": {\"command\": 42}}}",
            "{\"mcpServers\": {\"x\": {\"url\": \"not a url\", \"type\": \"http\"}}}", "{\"mcpServers\": {}}",
            "[mcp_servers.x]\ncommand = ", "[mcp_servers.x\ncommand = 'a'", "mcpServers:\n  - : :", "extensions:\n\t- bad",
            "<?xml version=\"1.0\"?><mcp/>", "' or 1 eq 1", Encoding.Latin1.GetString([0xFF, 0xFE, 0x00, 0x41]),
        })
        {
            Add($"drafts.import merge {Readable(content)}", h => h.Drafts.ImportAsync("cursor", "default", content, ImportMode.Merge, null, None));
            Add($"drafts.import replace {Readable(content)}", h => h.Drafts.ImportAsync("claude-desktop", "default", content, ImportMode.Replace, null, None));
        }

        Add("drafts.import null", h => h.Drafts.ImportAsync("cursor", "default", null, ImportMode.Replace, null, None));
        Add("drafts.import unknown profile", h => h.Drafts.ImportAsync("cursor", "ghost", "{\"mcpServers\": {\"x\": {\"command\": \"y\"}}}", ImportMode.Replace, null, None));
        return cases;
    }

    private static string Readable(string value)
    {
        var builder = new StringBuilder();
        foreach (var c in value.Length > 24 ? value[..24] : value)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '/' or ' ' or '\'' ? c : '~');
        }

        return (value.Length > 24 ? builder.Append("…(").Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(')') : builder).ToString();
    }
}
