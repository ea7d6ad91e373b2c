using System.Text;
using McpOrchestrator.Core.Clients;
using McpOrchestrator.Core.Formats;
using McpOrchestrator.Core.Problems;

namespace McpOrchestrator.Core.Tests.Formats;

/// <summary>Whatever the content, import answers servers or a 400 problem with a stable code: never another
/// exception.</summary>
public sealed class GarbageImportTests
{
    private static readonly HashSet<string> ImportCodes =
    [
        FormatProblems.InvalidImportCode,
        FormatProblems.ImportFormatMismatchCode,
        FormatProblems.UnrecognizedImportFormatCode,
        FormatProblems.InvalidEntryNameCode,
    ];

    private readonly ClientCatalog _catalog = new();
    private readonly NativeConfigFormats _formats = new(new ClientCatalog());

    public static TheoryData<string> ClientIds() => new(new ClientCatalog().All.Select(c => c.Id));

    public static TheoryData<string, string> GarbageForEveryClient()
    {
        var data = new TheoryData<string, string>();
        foreach (var client in new ClientCatalog().All)
        {
            foreach (var (label, _) in Garbage())
            {
                data.Add(client.Id, label);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(GarbageForEveryClient))]
    public void Import_Garbage_IsAProblemNeverAnotherException(string clientId, string label)
    {
        var content = Garbage().Single(g => g.Label == label).Content;

        var problem = ImportOrProblem(content, _catalog.Get(clientId));

        if (problem is not null)
        {
            Assert.Equal(400, problem.Status);
            Assert.Contains(problem.Code, ImportCodes);
            Assert.False(string.IsNullOrWhiteSpace(problem.Detail));
        }
    }

    [Theory]
    [MemberData(nameof(ClientIds))]
    public void Import_EmptyOrWhitespace_IsInvalidImport(string clientId)
    {
        foreach (var content in (string[])["", "   ", "\n\t\r\n", "\uFEFF"])
        {
            var ex = Assert.Throws<ProblemException>(() => _formats.Import(content, _catalog.Get(clientId)));
            Assert.Equal(FormatProblems.InvalidImportCode, ex.Problem.Code);
            Assert.Contains("empty", ex.Problem.Detail, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(ClientIds))]
    public void Import_EveryTruncationOfARenderedFile_IsServersOrAProblem(string clientId)
    {
        var client = _catalog.Get(clientId);
        var text = _formats.Render(new ServerConfigGenerator(7).ForClient(client, 4), client);

        for (var length = 0; length < text.Length; length++)
        {
            var problem = ImportOrProblem(text[..length], client);
            if (problem is not null)
            {
                Assert.Contains(problem.Code, ImportCodes);
            }
        }
    }

    [Theory]
    [MemberData(nameof(ClientIds))]
    public void Import_RandomMutationsOfARenderedFile_AreServersOrAProblem(string clientId)
    {
        var client = _catalog.Get(clientId);
        var random = new Random(clientId.Length * 7919);
        const string alphabet = "{}[]\"':,=#-\n\t\\ $!&*|>%@`.0aZ\u0000\u00e9\u2028\ud83d\ude80";
        for (var round = 0; round < 400; round++)
        {
            var builder = new StringBuilder(_formats.Render(new ServerConfigGenerator(round).ForClient(client, 2), client));
            for (var edits = random.Next(1, 6); edits > 0 && builder.Length > 0; edits--)
            {
                var at = random.Next(builder.Length);
                switch (random.Next(3))
                {
                    case 0: builder.Remove(at, 1); break;
                    case 1: builder.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                    default: builder[at] = alphabet[random.Next(alphabet.Length)]; break;
                }
            }

            var problem = ImportOrProblem(builder.ToString(), client);
            if (problem is not null)
            {
                Assert.Contains(problem.Code, ImportCodes);
            }
        }
    }

    [Theory]
    [InlineData("claude-desktop", "{\n  \"mcpServers\": {\n    \"a\": { \"command\": \"x\" }\n    \"b\": {}\n  }\n}", 4, 5)]
    [InlineData("codex", "[mcp_servers.a]\ncommand = \"x\"\nargs = [\"unclosed\"\n", 4, 1)]
    [InlineData("codex", "[mcp_servers.a]\ncommand = npx\n", 2, 11)]
    [InlineData("goose", "extensions:\n  a:\n    cmd: x\n   bad: [\n", 4, 4)]
    public void Import_MalformedText_SaysWhereWithLineAndColumn(string clientId, string content, int line, int column)
    {
        var ex = Assert.Throws<ProblemException>(() => _formats.Import(content, _catalog.Get(clientId)));

        Assert.Equal(FormatProblems.InvalidImportCode, ex.Problem.Code);
        Assert.Equal(line, ex.Problem.Extensions["line"]);
        Assert.Equal(column, ex.Problem.Extensions["column"]);
        Assert.Contains($"line {line}, column {column}", ex.Problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_WrongTypes_ListsEveryProblemWithItsPathAndPosition()
    {
        const string file = """
            {
              "mcpServers": {
                "a": { "command": 42 },
                "b": { "command": "x", "args": "not-a-list" },
                "c": { "command": "x", "env": ["A=1"] },
                "d": { "command": "x", "env": { "A": { "nested": true } } },
                "e": { "type": "carrier-pigeon", "command": "x" },
                "f": "just text",
                "g": { },
                "h": { "url": 8080, "type": "http" },
                "i": { "url": "not a url", "type": "http" },
                "j": { "url": "file:///etc/passwd" },
                "k": { "url": "${BASE_URL}/mcp", "type": "http" }
              }
            }
            """;

        var ex = Assert.Throws<ProblemException>(() => _formats.Import(file, _catalog.Get("claude-code")));

        Assert.Equal(FormatProblems.InvalidImportCode, ex.Problem.Code);
        var errors = Assert.IsType<List<ImportIssue>>(ex.Problem.Extensions["errors"]);
        Assert.Equal(
            ["mcpServers.a.command", "mcpServers.b.args", "mcpServers.c.env", "mcpServers.d.env.A", "mcpServers.e.type", "mcpServers.f", "mcpServers.g", "mcpServers.h.url", "mcpServers.i.url", "mcpServers.j.url"],
            errors.Select(e => e.Path));
        Assert.All(errors, e => Assert.NotNull(e.Line));
        Assert.Equal(3, errors[0].Line);
        Assert.Contains("mcpServers.a.command (line 3, column 23): must be the program to run (text), found an integer", ex.Problem.Detail, StringComparison.Ordinal);
        Assert.Contains("and 5 more", ex.Problem.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("vscode", """{ "mcpServers": { "a": { "command": "x" } } }""", "claude-desktop")]
    [InlineData("claude-desktop", """{ "servers": { "a": { "type": "stdio", "command": "x" } } }""", "vscode")]
    [InlineData("goose", "mcpServers:\n  - name: a\n    command: x\n", "continue")]
    [InlineData("continue", "extensions:\n  a:\n    cmd: x\n    type: stdio\n", "goose")]
    [InlineData("zed", """{ "mcpServers": { "a": { "serverUrl": "https://x" } } }""", "windsurf")]
    public void Import_AnotherClientsFile_IsAFormatMismatchNamingTheLikelyClient(string clientId, string content, string likely)
    {
        var ex = Assert.Throws<ProblemException>(() => _formats.Import(content, _catalog.Get(clientId)));

        Assert.Equal(FormatProblems.ImportFormatMismatchCode, ex.Problem.Code);
        Assert.Equal(likely, ex.Problem.Extensions["detectedClientId"]);
        Assert.Contains($"'{likely}'", ex.Problem.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("codex", """{ "mcpServers": { "a": { "command": "x" } } }""")]
    [InlineData("claude-desktop", "[mcp_servers.a]\ncommand = \"x\"\n")]
    [InlineData("cursor", "extensions:\n  a:\n    cmd: x\n")]
    [InlineData("continue", """{ "mcpServers": { "a": { "command": "x" } } }""")]
    public void Import_AnotherSyntax_IsInvalidImport(string clientId, string content)
    {
        var ex = Assert.Throws<ProblemException>(() => _formats.Import(content, _catalog.Get(clientId)));

        Assert.Equal(FormatProblems.InvalidImportCode, ex.Problem.Code);
    }

    [Fact]
    public void Import_YamlAliasBomb_IsRefusedQuickly()
    {
        var builder = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 12; i++)
        {
            builder.Append($"a{i}: &a{i} [").Append(string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))).Append("]\n");
        }

        builder.Append("extensions:\n  a:\n    cmd: x\n    args: *a11\n");

        var ex = Assert.Throws<ProblemException>(() => _formats.Import(builder.ToString(), _catalog.Get("goose")));

        Assert.Equal(FormatProblems.InvalidImportCode, ex.Problem.Code);
        Assert.Contains("aliases", ex.Problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_YamlSeveralDocuments_IsRefused()
    {
        var ex = Assert.Throws<ProblemException>(() => _formats.Import("extensions: {}\n---\nextensions: {}\n", _catalog.Get("goose")));

        Assert.Contains("more than one YAML document", ex.Problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_YamlDuplicateKey_IsRefused()
    {
        var ex = Assert.Throws<ProblemException>(() => _formats.Import("extensions:\n  a:\n    cmd: x\n  a:\n    cmd: y\n", _catalog.Get("goose")));

        Assert.Contains("appears twice", ex.Problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_JsonLoneSurrogateEscape_IsInvalidImport()
    {
        var ex = Assert.Throws<ProblemException>(() => _formats.Import("""{ "mcpServers": { "a": { "command": "\ud800" } } }""", _catalog.Get("cursor")));

        Assert.Equal(FormatProblems.InvalidImportCode, ex.Problem.Code);
    }

    [Fact]
    public void Import_YamlLoneSurrogateEscape_IsInvalidImport()
    {
        var ex = Assert.Throws<ProblemException>(() => _formats.Import("extensions:\n  a:\n    cmd: \"\\ud800\"\n", _catalog.Get("goose")));

        Assert.Equal(FormatProblems.InvalidImportCode, ex.Problem.Code);
    }

    private Problem? ImportOrProblem(string content, ClientDefinition client)
    {
        try
        {
            _formats.Import(content, client);
            return null;
        }
        catch (ProblemException ex)
        {
            return ex.Problem;
        }
    }

    private static IEnumerable<(string Label, string Content)> Garbage()
    {
        var random = new Random(42);
        var bytes = new byte[4096];
        random.NextBytes(bytes);
        yield return ("random bytes as UTF-8", Encoding.UTF8.GetString(bytes));
        yield return ("random bytes as Latin-1", Encoding.Latin1.GetString(bytes));
        yield return ("NUL bytes", new string('\0', 100));
        yield return ("control characters", "\u0001\u0002\u0003\u001b[31m\u007f");
        yield return ("lone surrogates", "\ud800\udc00\udc00\ud800x");
        yield return ("JSON null", "null");
        yield return ("JSON number", "42");
        yield return ("JSON string", "\"mcpServers\"");
        yield return ("JSON array", "[{\"command\": \"x\"}]");
        yield return ("collection is a list", """{ "mcpServers": [ { "command": "x" } ], "servers": [], "context_servers": [], "mcp": [], "amp.mcpServers": [], "extensions": [], "mcp_servers": [] }""");
        yield return ("collection is text", """{ "mcpServers": "x", "servers": "x", "context_servers": "x", "mcp": "x", "amp.mcpServers": "x", "extensions": "x", "mcp_servers": "x" }""");
        yield return ("entry is a number", """{ "mcpServers": { "a": 1 }, "servers": { "a": 1 }, "context_servers": { "a": 1 }, "mcp": { "a": 1 }, "amp.mcpServers": { "a": 1 }, "extensions": { "a": 1 }, "mcp_servers": { "a": 1 } }""");
        yield return ("deep JSON arrays", new string('[', 100_000));
        yield return ("deep JSON objects", string.Concat(Enumerable.Repeat("{\"a\":", 20_000)));
        yield return ("deep TOML arrays", "a = " + new string('[', 20_000));
        yield return ("deep TOML inline tables", "a = " + string.Concat(Enumerable.Repeat("{b=", 20_000)));
        yield return ("deep YAML flow", "extensions: " + new string('[', 20_000));
        yield return ("deep YAML block", string.Concat(Enumerable.Range(0, 500).Select(i => new string(' ', i) + "k:\n")));
        yield return ("long line", new string('x', 256 * 1024));
        yield return ("unterminated string", "{ \"mcpServers\": { \"a\": { \"command\": \"x");
        yield return ("TOML redefined table", "[mcp_servers.a]\ncommand = \"x\"\n[mcp_servers.a]\ncommand = \"y\"\n");
        yield return ("TOML duplicate key", "[mcp_servers.a]\ncommand = \"x\"\ncommand = \"y\"\n");
        yield return ("TOML bad escape", "[mcp_servers.a]\ncommand = \"C:\\path\"\n");
        yield return ("YAML tabs", "extensions:\n\ta:\n\t\tcmd: x\n");
        yield return ("YAML unclosed quote", "mcpServers:\n  - name: \"a\n");
        yield return ("YAML undefined alias", "extensions: *nowhere\n");
        yield return ("YAML complex key", "extensions:\n  ? [a, b]\n  : x\n");
        yield return ("YamlDotNet scanner crash 1", "- {\n0");
        yield return ("YamlDotNet scanner crash 2", ":\n[\nc");
        yield return ("XML", "<?xml version=\"1.0\"?><mcpServers><a command=\"x\"/></mcpServers>");
        yield return ("INI", "[mcpServers]\na=command x\n");
        yield return ("HTML", "<html><body>{ \"mcpServers\": {} }</body></html>");
        yield return ("shell", "claude mcp add github -- npx -y @modelcontextprotocol/server-github");
        yield return ("half JSON half TOML", "{ \"mcpServers\": {} }\n[mcp_servers.a]\ncommand = \"x\"\n");
    }
}
