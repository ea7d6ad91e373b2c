using McpOrchestrator.Core.Clients;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Formats;
using McpOrchestrator.Core.Problems;

namespace McpOrchestrator.Core.Tests.Formats;

/// <summary>Import of files shaped like real users' files (the reference's shapes, with the settings, comments and
/// quirks they carry).</summary>
public sealed class ImportTests
{
    private readonly ClientCatalog _catalog = new();
    private readonly NativeConfigFormats _formats = new(new ClientCatalog());

    [Fact]
    public void Import_ClaudeDesktop_ReadsServersAndIgnoresOtherSettingsAndDisabledServers()
    {
        const string file = """
            {
              "globalShortcut": "Ctrl+Space",
              "mcpServers": {
                "filesystem": {
                  "command": "npx",
                  "args": ["-y", "@modelcontextprotocol/server-filesystem", "/Users/username/Desktop", "/Users/username/Downloads"]
                },
                "brave-search": {
                  "command": "npx",
                  "args": ["-y", "@modelcontextprotocol/server-brave-search"],
                  "env": { "BRAVE_API_KEY": "YOUR_API_KEY_HERE" }
                }
              },
              "disabledServers": { "old": { "command": "old-server" } }
            }
            """;

        var servers = Import(file, "claude-desktop");

        Assert.Equal(["brave-search", "filesystem"], servers.Select(s => s.Name));
        Assert.Equal("YOUR_API_KEY_HERE", servers[0].Env["BRAVE_API_KEY"]);
        Assert.Equal(["-y", "@modelcontextprotocol/server-filesystem", "/Users/username/Desktop", "/Users/username/Downloads"], servers[1].Args);
        Assert.All(servers, s => Assert.Equal(Transport.Stdio, s.Transport));
        Assert.All(servers, s => Assert.Null(s.ServerId));
    }

    [Fact]
    public void Import_ClaudeCode_ReadsUserScopeTranslatesVariablesAndIgnoresProjects()
    {
        const string file = """
            {
              "numStartups": 42,
              "projects": {
                "/Users/me/repo": { "mcpServers": { "local-only": { "type": "stdio", "command": "node", "args": ["server.js"] } }, "allowedTools": [] }
              },
              "mcpServers": {
                "github": { "type": "http", "url": "https://api.githubcopilot.com/mcp/", "headers": { "Authorization": "Bearer ${GITHUB_PAT}" } },
                "airtable": { "type": "stdio", "command": "npx", "args": ["-y", "airtable-mcp-server"], "env": { "AIRTABLE_API_KEY": "${AIRTABLE_API_KEY:-none}", "HOME_DIR": "${HOME}/x" } },
                "sentry": { "type": "sse", "url": "https://mcp.sentry.dev/sse" }
              }
            }
            """;

        var servers = Import(file, "claude-code");

        Assert.Equal(["airtable", "github", "sentry"], servers.Select(s => s.Name));
        Assert.Equal("${AIRTABLE_API_KEY:-none}", servers[0].Env["AIRTABLE_API_KEY"]);
        Assert.Equal("${env:HOME}/x", servers[0].Env["HOME_DIR"]);
        Assert.Equal(Transport.Http, servers[1].Transport);
        Assert.Equal("Bearer ${env:GITHUB_PAT}", servers[1].Headers["Authorization"]);
        Assert.Equal(Transport.Sse, servers[2].Transport);
    }

    [Fact]
    public void Import_Cursor_UntypedUrlIsStreamableHttpAndSseTypeIsKept()
    {
        const string file = """
            {
              "mcpServers": {
                "web": { "url": "https://mcp.example.com/mcp", "headers": { "API_KEY": "${env:WEB_KEY}" } },
                "legacy": { "type": "sse", "url": "http://localhost:3000/sse" },
                "local": { "type": "stdio", "command": "python", "args": ["-m", "server"], "env": { "A": "1" } }
              }
            }
            """;

        var servers = Import(file, "cursor");

        Assert.Equal(Transport.Sse, servers.Single(s => s.Name == "legacy").Transport);
        Assert.Equal(Transport.Stdio, servers.Single(s => s.Name == "local").Transport);
        var web = servers.Single(s => s.Name == "web");
        Assert.Equal(Transport.Http, web.Transport);
        Assert.Equal("${env:WEB_KEY}", web.Headers["API_KEY"]);
    }

    [Fact]
    public void Import_VsCode_ToleratesCommentsTrailingCommasInputsAndNormalisesNames()
    {
        const string file = """
            {
              // Inputs are prompted on first server start, then stored securely by VS Code.
              "inputs": [
                { "type": "promptString", "id": "perplexity-key", "description": "Perplexity API Key", "password": true }
              ],
              "servers": {
                /* A server with a display name */
                "Perplexity": {
                  "type": "stdio",
                  "command": "npx",
                  "args": ["-y", "server-perplexity-ask"],
                  "env": { "PERPLEXITY_API_KEY": "${input:perplexity-key}" },
                },
                "github": { "type": "http", "url": "https://api.githubcopilot.com/mcp/" },
              },
            }
            """;

        var servers = Import(file, "vscode");

        Assert.Equal(["github", "perplexity"], servers.Select(s => s.Name));
        Assert.Equal("${input:perplexity-key}", servers[1].Env["PERPLEXITY_API_KEY"]);
    }

    [Fact]
    public void Import_VsCodeLegacySettings_ReadsMcpServers()
    {
        const string file = """{ "editor.fontSize": 14, "mcp": { "servers": { "fetch": { "type": "stdio", "command": "uvx", "args": ["mcp-server-fetch"] } } } }""";

        var server = Assert.Single(Import(file, "vscode"));

        Assert.Equal("fetch", server.Name);
    }

    [Fact]
    public void Import_Windsurf_ReadsServerUrlAndPlainUrl()
    {
        const string file = """
            { "mcpServers": {
                "a": { "serverUrl": "https://a.example.com/mcp" },
                "b": { "url": "https://b.example.com/mcp", "type": "sse" },
                "c": { "command": "npx", "args": [] } } }
            """;

        var servers = Import(file, "windsurf");

        Assert.Equal("https://a.example.com/mcp", servers[0].Url);
        Assert.Equal(Transport.Http, servers[0].Transport);
        Assert.Equal(Transport.Sse, servers[1].Transport);
        Assert.Equal(Transport.Stdio, servers[2].Transport);
    }

    [Fact]
    public void Import_Zed_ReadsContextServersAmongOtherSettingsIncludingTheLegacyCommandObject()
    {
        const string file = """
            // Zed settings
            {
              "theme": "One Dark",
              "buffer_font_size": 15,
              "context_servers": {
                "postgres": { "source": "custom", "command": "npx", "args": ["-y", "@modelcontextprotocol/server-postgres", "postgresql://localhost/db"], "env": {} },
                "legacy": { "command": { "path": "/usr/local/bin/legacy-mcp", "args": ["--stdio"], "env": { "DEBUG": "1" } }, "settings": {} },
                "remote": { "url": "https://mcp.example.com/mcp", "headers": { "Authorization": "Bearer token" } },
                "off": { "enabled": false, "command": "x", "args": [] },
                "mcp-server-github": { "source": "extension", "settings": { "github_personal_access_token": "x" } },
              },
            }
            """;

        var servers = Import(file, "zed");

        Assert.Equal(["legacy", "postgres", "remote"], servers.Select(s => s.Name));
        Assert.Equal("/usr/local/bin/legacy-mcp", servers[0].Command);
        Assert.Equal(["--stdio"], servers[0].Args);
        Assert.Equal("1", servers[0].Env["DEBUG"]);
        Assert.Equal(Transport.Http, servers[2].Transport);
    }

    [Fact]
    public void Import_Cline_ReadsStreamableHttpAndUntypedUrlAsSseAndSkipsDisabled()
    {
        const string file = """
            {
              "mcpServers": {
                "weather": { "command": "node", "args": ["/Users/me/weather/build/index.js"], "env": { "OPENWEATHER_API_KEY": "k" }, "disabled": false, "autoApprove": ["get_forecast"], "timeout": 60 },
                "remote": { "type": "streamableHttp", "url": "https://mcp.example.com/mcp", "headers": { "X": "1" } },
                "events": { "url": "https://events.example.com/sse" },
                "off": { "command": "x", "disabled": true }
              }
            }
            """;

        var servers = Import(file, "cline");

        Assert.Equal(["events", "remote", "weather"], servers.Select(s => s.Name));
        Assert.Equal(Transport.Sse, servers[0].Transport);
        Assert.Equal(Transport.Http, servers[1].Transport);
    }

    [Fact]
    public void Import_Continue_ReadsTheNamedListAmongModelsAndRules()
    {
        const string file = """
            name: My Config
            version: 0.0.1
            schema: v1
            models:
              - name: Claude
                provider: anthropic
                model: claude-sonnet-4
                apiKey: ${{ secrets.ANTHROPIC_API_KEY }}
                roles: [chat, edit]
            mcpServers:
              - name: SQLite MCP
                command: npx
                args:
                  - "-y"
                  - "mcp-sqlite"
                  - /path/to/your/database.db
                env: {}
              - name: Remote Tools
                type: streamable-http
                url: https://mcp.example.com/mcp
                requestOptions:
                  headers:
                    Authorization: Bearer ${{ secrets.TOKEN }}
            rules:
              - |
                Always answer briefly.
            """;

        var servers = Import(file, "continue");

        Assert.Equal(["remote-tools", "sqlite-mcp"], servers.Select(s => s.Name));
        Assert.Equal("Bearer ${{ secrets.TOKEN }}", servers[0].Headers["Authorization"]);
        Assert.Equal(["-y", "mcp-sqlite", "/path/to/your/database.db"], servers[1].Args);
    }

    [Fact]
    public void Import_Codex_ReadsTablesHeadersAndToolsAndIgnoresOtherSettings()
    {
        const string file = """
            model = "gpt-5-codex"
            approval_policy = "on-request"

            # Documentation lookups
            [mcp_servers.context7]
            command = "npx"
            args = ["-y", "@upstash/context7-mcp"]
            startup_timeout_sec = 20
            enabled_tools = ["resolve-library-id", "get-library-docs"]

            [mcp_servers.context7.env]
            MY_ENV_VAR = "MY_ENV_VALUE"

            [mcp_servers.figma]
            url = "https://mcp.figma.com/mcp"
            bearer_token_env_var = "FIGMA_OAUTH_TOKEN"
            http_headers = { "X-Figma-Region" = "us-east-1" }
            env_http_headers = { "X-Api-Key" = "FIGMA_KEY" }
            disabled_tools = ["delete"]

            [mcp_servers.playwright]
            command = "npx"
            args = ["@playwright/mcp@latest"]
            enabled = false

            [profiles.fast]
            model = "gpt-5-mini"

            [projects."/Users/me/repo"]
            trust_level = "trusted"
            """;

        var servers = Import(file, "codex");

        Assert.Equal(["context7", "figma"], servers.Select(s => s.Name));
        Assert.Equal("MY_ENV_VALUE", servers[0].Env["MY_ENV_VAR"]);
        Assert.Equal(["resolve-library-id", "get-library-docs"], servers[0].Tools!.Include);
        var figma = servers[1];
        Assert.Equal(Transport.Http, figma.Transport);
        Assert.Equal("Bearer ${env:FIGMA_OAUTH_TOKEN}", figma.Headers["Authorization"]);
        Assert.Equal("us-east-1", figma.Headers["X-Figma-Region"]);
        Assert.Equal("${env:FIGMA_KEY}", figma.Headers["X-Api-Key"]);
        Assert.Equal(["delete"], figma.Tools!.Exclude);
    }

    [Fact]
    public void Import_Codex_InlineEnvTableAndDottedKeysAreReadToo()
    {
        const string file = """
            mcp_servers.a.command = "run"
            mcp_servers.a.env = { TOKEN = "t" }
            """;

        var server = Assert.Single(Import(file, "codex"));

        Assert.Equal("t", server.Env["TOKEN"]);
    }

    [Fact]
    public void Import_Gemini_ReadsHttpUrlAsStreamableHttpUrlAsSseAndBothVariableForms()
    {
        const string file = """
            {
              "theme": "GitHub",
              "mcp": { "allowed": ["python"] },
              "mcpServers": {
                "python": {
                  "command": "python",
                  "args": ["-m", "my_mcp_server", "--port", 8080],
                  "cwd": "./mcp-servers/python",
                  "env": { "DATABASE_URL": "$DB_CONNECTION_STRING", "API_KEY": "${EXTERNAL_API_KEY}" },
                  "timeout": 15000,
                  "trust": false,
                  "includeTools": ["query"],
                  "excludeTools": ["drop"]
                },
                "http": { "httpUrl": "https://mcp.example.com/mcp", "headers": { "Authorization": "Bearer $TOKEN" } },
                "events": { "url": "https://mcp.example.com/sse" }
              }
            }
            """;

        var servers = Import(file, "gemini-cli");

        Assert.Equal(["events", "http", "python"], servers.Select(s => s.Name));
        Assert.Equal(Transport.Sse, servers[0].Transport);
        Assert.Equal(Transport.Http, servers[1].Transport);
        Assert.Equal("Bearer ${env:TOKEN}", servers[1].Headers["Authorization"]);
        var python = servers[2];
        Assert.Equal(["-m", "my_mcp_server", "--port", "8080"], python.Args);
        Assert.Equal("${env:DB_CONNECTION_STRING}", python.Env["DATABASE_URL"]);
        Assert.Equal("${env:EXTERNAL_API_KEY}", python.Env["API_KEY"]);
        Assert.Equal(["query"], python.Tools!.Include);
        Assert.Equal(["drop"], python.Tools.Exclude);
    }

    [Fact]
    public void Import_Goose_ReadsExtensionsSkipsBuiltinsAndDisabledAndForwardsEnvKeys()
    {
        const string file = """
            GOOSE_PROVIDER: openai
            GOOSE_MODEL: gpt-4o
            extensions:
              developer:
                bundled: true
                display_name: Developer
                enabled: true
                name: developer
                timeout: 300
                type: builtin
              github:
                args:
                - -y
                - '@modelcontextprotocol/server-github'
                bundled: null
                cmd: npx
                description: GitHub
                enabled: true
                env_keys:
                - GITHUB_PERSONAL_ACCESS_TOKEN
                envs:
                  GITHUB_TOOLSETS: repos
                name: github
                timeout: 300
                type: stdio
              podman-sse:
                enabled: true
                envs: {}
                name: podman-sse
                type: sse
                uri: http://host.containers.internal:8080/sse
              remote:
                enabled: true
                headers:
                  Authorization: Bearer abc
                name: remote
                type: streamable_http
                uri: https://mcp.example.com/mcp
                available_tools: [search]
              old:
                enabled: false
                cmd: old
                type: stdio
            """;

        var servers = Import(file, "goose");

        Assert.Equal(["github", "podman-sse", "remote"], servers.Select(s => s.Name));
        var github = servers[0];
        Assert.Equal("npx", github.Command);
        Assert.Equal(["-y", "@modelcontextprotocol/server-github"], github.Args);
        Assert.Equal("${env:GITHUB_PERSONAL_ACCESS_TOKEN}", github.Env["GITHUB_PERSONAL_ACCESS_TOKEN"]);
        Assert.Equal("repos", github.Env["GITHUB_TOOLSETS"]);
        Assert.Equal(Transport.Sse, servers[1].Transport);
        Assert.Equal(Transport.Http, servers[2].Transport);
        Assert.Equal("Bearer abc", servers[2].Headers["Authorization"]);
        Assert.Equal(["search"], servers[2].Tools!.Include);
    }

    [Fact]
    public void Import_CopilotCli_ReadsLocalAndStdioTypesAndToolsAllowList()
    {
        const string file = """
            {
              "mcpServers": {
                "serena": { "type": "local", "command": "uvx", "args": ["--from", "git+https://github.com/oraios/serena", "serena"], "tools": ["*"], "env": { "API_KEY": "${MY_API_KEY}" } },
                "azure": { "type": "stdio", "command": "npx", "args": ["-y", "@azure/mcp@latest"], "tools": ["list", "get"] },
                "github": { "type": "http", "url": "https://api.githubcopilot.com/mcp/readonly", "tools": ["*"], "headers": { "X-MCP-Toolsets": "repos" } }
              }
            }
            """;

        var servers = Import(file, "copilot-cli");

        Assert.Equal(["azure", "github", "serena"], servers.Select(s => s.Name));
        Assert.Equal(["list", "get"], servers[0].Tools!.Include);
        Assert.Null(servers[1].Tools);
        Assert.Equal("${env:MY_API_KEY}", servers[2].Env["API_KEY"]);
        Assert.Equal(Transport.Stdio, servers[2].Transport);
    }

    [Fact]
    public void Import_OpenCode_ReadsCommandArraysEnvironmentAndBraceVariables()
    {
        const string file = """
            {
              "$schema": "https://opencode.ai/config.json",
              "theme": "opencode",
              "mcp": {
                "everything": { "type": "local", "command": ["npx", "-y", "@modelcontextprotocol/server-everything"], "enabled": true, "environment": { "KEY": "{env:MY_KEY}" } },
                "context7": { "type": "remote", "url": "https://mcp.context7.com/mcp", "headers": { "Authorization": "Bearer {env:CONTEXT7_KEY}" } },
                "off": { "type": "local", "command": ["x"], "enabled": false }
              }
            }
            """;

        var servers = Import(file, "opencode");

        Assert.Equal(["context7", "everything"], servers.Select(s => s.Name));
        Assert.Equal("Bearer ${env:CONTEXT7_KEY}", servers[0].Headers["Authorization"]);
        Assert.Equal("npx", servers[1].Command);
        Assert.Equal(["-y", "@modelcontextprotocol/server-everything"], servers[1].Args);
        Assert.Equal("${env:MY_KEY}", servers[1].Env["KEY"]);
    }

    [Fact]
    public void Import_Amp_ReadsTheFlatDottedKey()
    {
        const string file = """
            {
              "amp.notifications.enabled": true,
              "amp.mcpServers": {
                "playwright": { "command": "npx", "args": ["-y", "@playwright/mcp@latest", "--headless"] },
                "linear": { "url": "https://mcp.linear.app/sse" }
              }
            }
            """;

        var servers = Import(file, "amp");

        Assert.Equal(["linear", "playwright"], servers.Select(s => s.Name));
    }

    [Theory]
    [InlineData("kiro", """{ "mcpServers": { "fetch": { "command": "uvx", "args": ["mcp-server-fetch"], "env": {}, "disabled": false, "autoApprove": [] }, "remote": { "url": "https://x.example.com/mcp", "type": "streamable-http" } } }""")]
    [InlineData("lm-studio", """{ "mcpServers": { "fetch": { "command": "uvx", "args": ["mcp-server-fetch"] }, "remote": { "url": "https://x.example.com/mcp", "headers": { "A": "b" } } } }""")]
    [InlineData("antigravity", """{ "mcpServers": { "fetch": { "command": "uvx", "args": ["mcp-server-fetch"] }, "remote": { "serverUrl": "https://x.example.com/mcp" } } }""")]
    public void Import_OtherMcpServersClients_ReadStdioAndRemote(string clientId, string file)
    {
        var servers = Import(file, clientId);

        Assert.Equal(["fetch", "remote"], servers.Select(s => s.Name));
        Assert.Equal(Transport.Stdio, servers[0].Transport);
        Assert.Equal(Transport.Http, servers[1].Transport);
    }

    [Fact]
    public void Import_Orchestrator_CarriesEverything()
    {
        const string file = """
            {
              "mcpServers": {
                "github": { "type": "stdio", "command": "npx", "args": ["-y", "x"], "env": { "T": "${secret:GH}" }, "tools": { "include": ["a"], "exclude": ["b"] }, "serverId": "github" },
                "remote": { "type": "sse", "url": "https://x/sse", "headers": { "H": "v" }, "env": { "E": "1" } }
              }
            }
            """;

        var servers = Import(file, ClientCatalog.OrchestratorClientId);

        Assert.Equal("github", servers[0].ServerId);
        Assert.Equal(["a"], servers[0].Tools!.Include);
        Assert.Equal(["b"], servers[0].Tools!.Exclude);
        Assert.Equal("${secret:GH}", servers[0].Env["T"]);
        Assert.Equal("1", servers[1].Env["E"]);
    }

    [Fact]
    public void Import_NamesThatAreNotIds_AreNormalisedAndDisambiguated()
    {
        const string file = """
            { "mcpServers": {
                "github": { "command": "a" },
                "GitHub": { "command": "b" },
                "Git Hub!": { "command": "c" },
                "@scope/Server (beta)": { "command": "d" },
                "-leading": { "command": "e" },
                "ünïcödé-name": { "command": "f" },
                "x": { "command": "g" } } }
            """;

        var servers = Import(file, "claude-desktop");

        Assert.Equal(["github", "github-2", "git-hub", "scope-server-beta", "leading", "n-c-d-name", "x"], servers.OrderBy(s => s.Command, StringComparer.Ordinal).Select(s => s.Name));
        Assert.All(servers, s => Assert.True(EntryNames.IsValid(s.Name)));
    }

    [Fact]
    public void Import_NameWithoutAnyAsciiLetterOrDigit_IsRefused()
    {
        var ex = Assert.Throws<ProblemException>(() => Import("""{ "mcpServers": { "日本語": { "command": "a" } } }""", "claude-desktop"));

        Assert.Equal(FormatProblems.InvalidEntryNameCode, ex.Problem.Code);
        Assert.Equal(400, ex.Problem.Status);
        Assert.Contains("日本語", ex.Problem.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_EmptyCollectionOrNoCollection_IsNoServers()
    {
        Assert.Empty(Import("{}", "claude-desktop"));
        Assert.Empty(Import("""{ "mcpServers": {} }""", "cursor"));
        Assert.Empty(Import("""{ "theme": "dark" }""", "zed"));
        Assert.Empty(Import("model = \"o3\"\n", "codex"));
        Assert.Empty(Import("GOOSE_PROVIDER: openai\n", "goose"));
        Assert.Empty(Import("name: x\nversion: 1\nmcpServers:\n", "continue"));
    }

    [Fact]
    public void Import_ByteOrderMark_IsIgnored()
    {
        var server = Assert.Single(Import("\uFEFF{ \"mcpServers\": { \"a\": { \"command\": \"x\" } } }", "cursor"));

        Assert.Equal("a", server.Name);
    }

    [Fact]
    public void Import_JsonDuplicateKey_KeepsTheLastLikeTheJavaScriptClients()
    {
        var server = Assert.Single(Import("""{ "mcpServers": { "a": { "command": "first" }, "a": { "command": "second" } } }""", "claude-desktop"));

        Assert.Equal("second", server.Command);
    }

    private IReadOnlyList<ServerConfig> Import(string file, string clientId) => _formats.Import(file, _catalog.Get(clientId));
}
