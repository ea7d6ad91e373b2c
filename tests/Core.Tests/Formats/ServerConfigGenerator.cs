using System.Text;
using McpOrchestrator.Core.Clients;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Formats;

namespace McpOrchestrator.Core.Tests.Formats;

/// <summary>Deterministic random server entries for property tests, independent of the registry: every transport a
/// client accepts, commands and args with spaces, quotes, backslashes, unicode, control characters and YAML/TOML
/// look-alikes, env literals and references (<c>${env:…}</c>, <c>${secret:…}</c>, embedded), headers, tool filters,
/// registry ids, many entries. Only values the client carries are drawn (<see cref="NativeConfigFormats.CanCarryValue"/>);
/// headers only where the client has a place for them.</summary>
public sealed class ServerConfigGenerator(int seed)
{
    private static readonly string[] Commands =
    [
        "npx", "uvx", "docker", "python3", "node", "/usr/local/bin/my server", @"C:\Program Files\nodejs\node.exe",
        "./bin/run.sh", "cmd \"quoted\"", "outil-été", "工具", "$HOME/bin/tool", "${env:TOOL_PATH}", "~/bin/x", "a'b",
    ];

    private static readonly string[] Texts =
    [
        string.Empty, " ", "-y", "--port", "--flag=value", "8080", "with space", "quote\"inside", "single'quote", "back\\slash",
        @"C:\Users\me\My Documents", "\\\\server\\share", "unicode ü ß 漢字 🚀", "tab\tchar", "new\nline", "crlf\r\nline",
        "#hash", "a #comment", "key: value", "- dash", "-", "null", "Null", "~", "true", "False", "yes", "no", "on", "off",
        "123", "-1", "0x1F", "0o17", "1.5", "1e3", ".inf", ".nan", "1_000", "12:30", "2024-01-02", "@scope/pkg", "{braces}",
        "[brackets]", "%percent", "&anchor", "*alias", "!tag", "|pipe", ">folded", "a,b", "`tick`", "trailing ", " leading",
        "=", "<<", "---", "...", "'", "\"", "\\", "\u0001ctrl", "\u007fdel", "\u0085nel", "\u2028ls", "\uFEFFbom", "\u00a0nbsp",
        "\0nul", "$", "$$", "$HOME", "${HOME}", "${HOME:-/root}", "{env:HOME}", "%APPDATA%\\x", "https://example.com/a?b=c&d=e#f",
        "${env:HOME}", "${secret:API_KEY}", "prefix-${env:TOKEN}-suffix", "${env:A}${env:B}", "$${env:X}", "${env:not valid}",
        "line1\\\nline2", "\"\"\"", "'''", "ends with backslash\\", new string('x', 300),
    ];

    private static readonly string[] EnvKeys =
    [
        "API_KEY", "PATH", "lower_case", "WITH-DASH", "Ünicode", "with space", "a.b", "TOKEN", "GITHUB_TOKEN", "DEBUG", "_", "x1",
    ];

    private static readonly string[] ToolNames = ["read_file", "write_file", "search", "tool.with.dots", "Tool-Name", "über", "a b"];

    private static readonly string[] HeaderNames = ["Authorization", "X-Api-Key", "X-Region", "x-lower", "X-Custom"];

    private readonly Random _random = new(seed);

    /// <summary><paramref name="count"/> entries with unique names, all runnable by <paramref name="client"/>.</summary>
    public IReadOnlyList<ServerConfig> ForClient(ClientDefinition client, int count)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var servers = new List<ServerConfig>(count);
        while (servers.Count < count)
        {
            var name = Name();
            if (names.Add(name))
            {
                servers.Add(Server(client, name));
            }
        }

        return servers;
    }

    public ServerConfig Server(ClientDefinition client, string name)
    {
        var transport = client.Transports[_random.Next(client.Transports.Count)];
        var carried = client.Format.Carries;
        bool Carry(string value) => NativeConfigFormats.CanCarryValue(value, client);
        var tools = _random.Next(3) == 0
            ? null
            : new ToolFilter { Include = Several(ToolNames, 3), Exclude = Several(ToolNames, 3) };
        var serverId = _random.Next(2) == 0 ? null : Name();
        if (transport == Transport.Stdio)
        {
            return new ServerConfig
            {
                Name = name,
                Transport = transport,
                Command = Pick(Commands.Where(c => Carry(c)).ToArray()),
                Args = Enumerable.Range(0, _random.Next(7)).Select(_ => Text(Carry)).ToList(),
                Env = Env(Carry, _random.Next(6)),
                // Headers on a stdio entry mean nothing to any client and are dropped: exercise that.
                Headers = _random.Next(5) == 0 ? new Dictionary<string, string> { ["X-Ignored"] = "1" } : new Dictionary<string, string>(),
                Tools = tools,
                ServerId = serverId,
            };
        }

        return new ServerConfig
        {
            Name = name,
            Transport = transport,
            Url = Url(Carry),
            Headers = carried.HeaderTransports.Contains(transport) ? Headers(Carry) : new Dictionary<string, string>(),
            // Env on a remote entry is dropped unless the client carries it: exercise both.
            Env = Env(Carry, _random.Next(3)),
            Tools = tools,
            ServerId = serverId,
        };
    }

    private string Name()
    {
        const string first = "abcdefghijklmnopqrstuvwxyz0123456789";
        const string rest = first + "._-";
        var length = _random.Next(5) == 0 ? 64 : _random.Next(1, 16);
        var builder = new StringBuilder().Append(first[_random.Next(first.Length)]);
        for (var i = 1; i < length; i++)
        {
            builder.Append(rest[_random.Next(rest.Length)]);
        }

        return builder.ToString();
    }

    private string Text(Func<string, bool> carry)
    {
        while (true)
        {
            var value = _random.Next(4) == 0 ? RandomUnicode() : Pick(Texts);
            if (carry(value))
            {
                return value;
            }
        }
    }

    private Dictionary<string, string> Env(Func<string, bool> carry, int count)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var key = Pick(EnvKeys);
            env[key] = _random.Next(4) switch
            {
                // The same-name reference is the one Goose writes to env_keys.
                0 => "${env:" + (IsVariableName(key) ? key : "OTHER_NAME") + "}",
                1 => "${secret:" + Pick(["API_KEY", "TOKEN", "db-password"]) + "}",
                _ => Text(carry),
            };
        }

        return env;
    }

    private Dictionary<string, string> Headers(Func<string, bool> carry)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = _random.Next(4); i > 0; i--)
        {
            var name = Pick(HeaderNames);
            headers[name] = _random.Next(4) switch
            {
                // Codex writes these as bearer_token_env_var and env_http_headers.
                0 => "Bearer ${env:" + Pick(["API_TOKEN", "GITHUB_TOKEN"]) + "}",
                1 => "${env:HEADER_VALUE}",
                _ => Text(carry),
            };
        }

        return headers;
    }

    private string Url(Func<string, bool> carry)
    {
        string[] urls =
        [
            "https://mcp.example.com/mcp", "http://localhost:5679/mcp/sse", "https://api.example.com/v1/mcp?team=a&x=${env:TEAM}",
            "http://[::1]:8080/mcp", "https://例え.jp/mcp", "https://host/path with space", "https://${env:MCP_HOST}/mcp",
            "http://127.0.0.1:3000/sse#frag", "https://h/$HOME",
        ];
        while (true)
        {
            var url = Pick(urls);
            if (carry(url))
            {
                return url;
            }
        }
    }

    private List<string> Several(string[] pool, int max) => Enumerable.Range(0, _random.Next(max + 1)).Select(_ => Pick(pool)).Distinct(StringComparer.Ordinal).ToList();

    private string RandomUnicode()
    {
        var builder = new StringBuilder();
        for (var i = _random.Next(1, 12); i > 0; i--)
        {
            int code;
            do
            {
                code = _random.Next(4) switch
                {
                    0 => _random.Next(0x20, 0x7f),
                    1 => _random.Next(0, 0x20),
                    2 => _random.Next(0x80, 0x3000),
                    _ => _random.Next(0x10000, 0x1FAFF),
                };
            }
            while (code is >= 0xd800 and <= 0xdfff);
            builder.Append(char.ConvertFromUtf32(code));
        }

        return builder.ToString();
    }

    private T Pick<T>(IReadOnlyList<T> pool) => pool[_random.Next(pool.Count)];

    private static bool IsVariableName(string key) => key.Length > 0 && (char.IsAsciiLetter(key[0]) || key[0] == '_') && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
