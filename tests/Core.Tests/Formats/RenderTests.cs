using McpOrchestrator.Core.Clients;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Formats;

namespace McpOrchestrator.Core.Tests.Formats;

/// <summary>Each client's rendering of one known set, compared with the whole expected file: key names, labels,
/// variable syntax, ordering and layout as the client's docs show them.</summary>
public sealed class RenderTests
{
    private static readonly IReadOnlyList<ServerConfig> Known =
    [
        // Deliberately out of name order: rendering sorts.
        new() { Name = "remote", Transport = Transport.Http, Url = "https://mcp.example.com/mcp", Headers = new Dictionary<string, string> { ["X-Region"] = "eu-west", ["Authorization"] = "Bearer ${env:API_TOKEN}" } },
        new() { Name = "n8n", Transport = Transport.Sse, Url = "http://localhost:5679/mcp/sse" },
        new()
        {
            Name = "github", Transport = Transport.Stdio, Command = "npx", Args = ["-y", "@modelcontextprotocol/server-github"],
            Env = new Dictionary<string, string> { ["GITHUB_TOOLSETS"] = "repos,issues", ["GITHUB_PERSONAL_ACCESS_TOKEN"] = "${env:GITHUB_TOKEN}" },
            Tools = new ToolFilter { Include = ["search_repositories", "get_issue"], Exclude = ["delete_file"] }, ServerId = "github",
        },
        new() { Name = "filesystem", Transport = Transport.Stdio, Command = "npx", Args = ["-y", "@modelcontextprotocol/server-filesystem", "/Users/me/My Documents"], ServerId = "filesystem" },
    ];

    private static readonly Dictionary<string, string> Expected = new()
    {
        ["claude-desktop"] = """
            {
              "mcpServers": {
                "filesystem": {
                  "command": "npx",
                  "args": ["-y", "@modelcontextprotocol/server-filesystem", "/Users/me/My Documents"]
                },
                "github": {
                  "command": "npx",
                  "args": ["-y", "@modelcontextprotocol/server-github"],
                  "env": {
                    "GITHUB_PERSONAL_ACCESS_TOKEN": "${env:GITHUB_TOKEN}",
                    "GITHUB_TOOLSETS": "repos,issues"
                  }
                }
              }
            }
            """,
        ["claude-code"] = """
            {
              "mcpServers": {
                "filesystem": {
                  "type": "stdio",
                  "command": "npx",
                  "args": ["-y", "@modelcontextprotocol/server-filesystem", "/Users/me/My Documents"]
                },
                "github": {
                  "type": "stdio",
                  "command": "npx",
                  "args": ["-y", "@modelcontextprotocol/server-github"],
                  "env": {
                    "GITHUB_PERSONAL_ACCESS_TOKEN": "${GITHUB_TOKEN}",
                    "GITHUB_TOOLSETS": "repos,issues"
                  }
                },
                "n8n": {
                  "type": "sse",
                  "url": "http://localhost:5679/mcp/sse"
                },
                "remote": {
                  "type": "http",
                  "url": "https://mcp.example.com/mcp",
                  "headers": {
                    "Authorization": "Bearer ${API_TOKEN}",
                    "X-Region": "eu-west"
                  }
                }
              }
            }
            """,
        ["cursor"] = """
            {
              "mcpServers": {
                "filesystem": {
                  "command": "npx",
                  "args": ["-y", "@modelcontextprotocol/server-filesystem", "/Users/me/My Documents"]
                },
                "github": {
                  "command": "npx",
                  "args": ["-y", "@modelcontextprotocol/server-github"],
                  "env": {
                    "GITHUB_PERSONAL_ACCESS_TOKEN": "${env:GITHUB_TOKEN}",
                    "GITHUB_TOOLSETS": "repos,issues"
                  }
                },
                "n8n": {
                  "type": "sse",
                  "url": "http://localhost:5679/mcp/sse"
                },
                "remote": {
                  "url": "https://mcp.example.com/mcp",
                  "headers": {
                    "Authorization": "Bearer ${env:API_TOKEN}",
                    "X-Region": "eu-west"
                  }
                }
              }
            }
            """,
        ["vscode"] = """
            {
              "servers": {
                "filesystem": {
                  "type": "stdio",
                  "command": "npx",
                  "args": ["-y", "@modelcontextprotocol/server-filesystem", "/Users/me/My Documents"]
                },
                "github": {
                  "type": "stdio",
                  "command": "npx",
                  "args": ["-y", "@modelcontextprotocol/server-github"],
                  "env": {
                    "GITHUB_PERSONAL_ACCESS_TOKEN": "${env:GITHUB_TOKEN}",
                    "GITHUB_TOOLSETS": "repos,issues"
                  }
                },
                "n8n": {
                  "type": "sse",
                  "url": "http://localhost:5679/mcp/sse"
                },
                "remote": {
                  "type": "http",
                  "url": "https://mcp.example.com/mcp",
                  "headers": {
                    "Authorization": "Bearer ${env:API_TOKEN}",
                    "X-Region": "eu-west"
                  }
                }
              }
            }
            """,
        ["windsurf"] = """
            {
              "mcpServers": {
                "filesystem": {
                  "command": "npx",
                  "args": ["-y", "@modelcontextprotocol/server-filesystem", "/Users/me/My Documents"]
                },
                "github": {
                  "command": "npx",
                  "args": ["-y", "@modelcontextprotocol/server-github"],
                  "env": {
                    "GITHUB_PERSONAL_ACCESS_TOKEN": "${env:GITHUB_TOKEN}",
                    "GITHUB_TOOLSETS": "repos,issues"
                  }
                },
                "n8n": {
                  "type": "sse",
                  "serverUrl": "http://localhost:5679/mcp/sse"
                },
                "remote": {
                  "serverUrl": "https://mcp.example.com/mcp",
                  "headers": {
                    "Authorization": "Bearer ${env:API_TOKEN}",
                    "X-Region": "eu-west"
                  }
                }
              }
            }
            """,
        ["zed"] = """
            {
              "context_servers": {
                "filesystem": {
                  "command": "npx",
                  "args": ["-y", "@modelcontextprotocol/server-filesystem", "/Users/me/My Documents"]
                },
                "github": {
                  "command": "npx",
                  "args": ["-y", "@modelcontextprotocol/server-github"],
                  "env": {
                    "GITHUB_PERSONAL_ACCESS_TOKEN": "${env:GITHUB_TOKEN}",
                    "GITHUB_TOOLSETS": "repos,issues"
                  }
                },
                "remote": {
                  "url": "https://mcp.example.com/mcp",
                  "headers": {
                    "Authorization": "Bearer ${env:API_TOKEN}",
                    "X-Region": "eu-west"
                  }
                }
              }
            }
            """,
        ["cline"] = """
            {
              "mcpServers": {
                "filesystem": {
                  "type": "stdio",
                  "command": "npx",
                  "args": ["-y", "@modelcontextprotocol/server-filesystem", "/Users/me/My Documents"]
                },
                "github": {
                  "type": "stdio",
                  "command": "npx",
                  "args": ["-y", "@modelcontextprotocol/server-github"],
                  "env": {
                    "GITHUB_PERSONAL_ACCESS_TOKEN": "${env:GITHUB_TOKEN}",
                    "GITHUB_TOOLSETS": "repos,issues"
                  }
                },
                "n8n": {
                  "type": "sse",
                  "url": "http://localhost:5679/mcp/sse"
                },
                "remote": {
                  "type": "streamableHttp",
                  "url": "https://mcp.example.com/mcp",
                  "headers": {
                    "Authorization": "Bearer ${env:API_TOKEN}",
                    "X-Region": "eu-west"
                  }
                }
              }
            }
            """,
        ["continue"] = """
            name: MCP Orchestrator
            version: 0.0.1
            schema: v1
            mcpServers:
              - name: filesystem
                type: stdio
                command: npx
                args:
                  - -y
                  - "@modelcontextprotocol/server-filesystem"
                  - /Users/me/My Documents
              - name: github
                type: stdio
                command: npx
                args:
                  - -y
                  - "@modelcontextprotocol/server-github"
                env:
                  GITHUB_PERSONAL_ACCESS_TOKEN: "${env:GITHUB_TOKEN}"
                  GITHUB_TOOLSETS: "repos,issues"
              - name: n8n
                type: sse
                url: http://localhost:5679/mcp/sse
              - name: remote
                type: streamable-http
                url: https://mcp.example.com/mcp
                requestOptions:
                  headers:
                    Authorization: "Bearer ${env:API_TOKEN}"
                    X-Region: eu-west
            """,
        ["codex"] = """
            [mcp_servers.filesystem]
            command = "npx"
            args = ["-y", "@modelcontextprotocol/server-filesystem", "/Users/me/My Documents"]

            [mcp_servers.github]
            command = "npx"
            args = ["-y", "@modelcontextprotocol/server-github"]
            enabled_tools = ["search_repositories", "get_issue"]
            disabled_tools = ["delete_file"]

            [mcp_servers.github.env]
            GITHUB_PERSONAL_ACCESS_TOKEN = "${env:GITHUB_TOKEN}"
            GITHUB_TOOLSETS = "repos,issues"

            [mcp_servers.remote]
            url = "https://mcp.example.com/mcp"
            bearer_token_env_var = "API_TOKEN"
            http_headers = { X-Region = "eu-west" }
            """,
        ["gemini-cli"] = """
            {
              "mcpServers": {
                "filesystem": {
                  "command": "npx",
                  "args": ["-y", "@modelcontextprotocol/server-filesystem", "/Users/me/My Documents"]
                },
                "github": {
                  "command": "npx",
                  "args": ["-y", "@modelcontextprotocol/server-github"],
                  "env": {
                    "GITHUB_PERSONAL_ACCESS_TOKEN": "${GITHUB_TOKEN}",
                    "GITHUB_TOOLSETS": "repos,issues"
                  },
                  "includeTools": ["search_repositories", "get_issue"],
                  "excludeTools": ["delete_file"]
                },
                "n8n": {
                  "url": "http://localhost:5679/mcp/sse"
                },
                "remote": {
                  "httpUrl": "https://mcp.example.com/mcp",
                  "headers": {
                    "Authorization": "Bearer ${API_TOKEN}",
                    "X-Region": "eu-west"
                  }
                }
              }
            }
            """,
        ["goose"] = """
            extensions:
              filesystem:
                name: filesystem
                type: stdio
                cmd: npx
                args:
                  - -y
                  - "@modelcontextprotocol/server-filesystem"
                  - /Users/me/My Documents
                enabled: true
                timeout: 300
              github:
                name: github
                type: stdio
                cmd: npx
                args:
                  - -y
                  - "@modelcontextprotocol/server-github"
                envs:
                  GITHUB_PERSONAL_ACCESS_TOKEN: "${env:GITHUB_TOKEN}"
                  GITHUB_TOOLSETS: "repos,issues"
                available_tools:
                  - search_repositories
                  - get_issue
                enabled: true
                timeout: 300
              n8n:
                name: n8n
                type: sse
                uri: http://localhost:5679/mcp/sse
                enabled: true
                timeout: 300
              remote:
                name: remote
                type: streamable_http
                uri: https://mcp.example.com/mcp
                headers:
                  Authorization: "Bearer ${env:API_TOKEN}"
                  X-Region: eu-west
                enabled: true
                timeout: 300
            """,
        ["copilot-cli"] = """
            {
              "mcpServers": {
                "filesystem": {
                  "type": "local",
                  "command": "npx",
                  "args": ["-y", "@modelcontextprotocol/server-filesystem", "/Users/me/My Documents"],
                  "tools": ["*"]
                },
                "github": {
                  "type": "local",
                  "command": "npx",
                  "args": ["-y", "@modelcontextprotocol/server-github"],
                  "env": {
                    "GITHUB_PERSONAL_ACCESS_TOKEN": "${GITHUB_TOKEN}",
                    "GITHUB_TOOLSETS": "repos,issues"
                  },
                  "tools": ["search_repositories", "get_issue"]
                },
                "n8n": {
                  "type": "sse",
                  "url": "http://localhost:5679/mcp/sse",
                  "tools": ["*"]
                },
                "remote": {
                  "type": "http",
                  "url": "https://mcp.example.com/mcp",
                  "headers": {
                    "Authorization": "Bearer ${API_TOKEN}",
                    "X-Region": "eu-west"
                  },
                  "tools": ["*"]
                }
              }
            }
            """,
        ["kiro"] = """
            {
              "mcpServers": {
                "filesystem": {
                  "command": "npx",
                  "args": ["-y", "@modelcontextprotocol/server-filesystem", "/Users/me/My Documents"]
                },
                "github": {
                  "command": "npx",
                  "args": ["-y", "@modelcontextprotocol/server-github"],
                  "env": {
                    "GITHUB_PERSONAL_ACCESS_TOKEN": "${env:GITHUB_TOKEN}",
                    "GITHUB_TOOLSETS": "repos,issues"
                  }
                },
                "remote": {
                  "url": "https://mcp.example.com/mcp",
                  "headers": {
                    "Authorization": "Bearer ${env:API_TOKEN}",
                    "X-Region": "eu-west"
                  }
                }
              }
            }
            """,
        ["lm-studio"] = """
            {
              "mcpServers": {
                "filesystem": {
                  "command": "npx",
                  "args": ["-y", "@modelcontextprotocol/server-filesystem", "/Users/me/My Documents"]
                },
                "github": {
                  "command": "npx",
                  "args": ["-y", "@modelcontextprotocol/server-github"],
                  "env": {
                    "GITHUB_PERSONAL_ACCESS_TOKEN": "${env:GITHUB_TOKEN}",
                    "GITHUB_TOOLSETS": "repos,issues"
                  }
                },
                "remote": {
                  "url": "https://mcp.example.com/mcp",
                  "headers": {
                    "Authorization": "Bearer ${env:API_TOKEN}",
                    "X-Region": "eu-west"
                  }
                }
              }
            }
            """,
        ["opencode"] = """
            {
              "$schema": "https://opencode.ai/config.json",
              "mcp": {
                "filesystem": {
                  "type": "local",
                  "command": ["npx", "-y", "@modelcontextprotocol/server-filesystem", "/Users/me/My Documents"],
                  "enabled": true
                },
                "github": {
                  "type": "local",
                  "command": ["npx", "-y", "@modelcontextprotocol/server-github"],
                  "environment": {
                    "GITHUB_PERSONAL_ACCESS_TOKEN": "{env:GITHUB_TOKEN}",
                    "GITHUB_TOOLSETS": "repos,issues"
                  },
                  "enabled": true
                },
                "remote": {
                  "type": "remote",
                  "url": "https://mcp.example.com/mcp",
                  "headers": {
                    "Authorization": "Bearer {env:API_TOKEN}",
                    "X-Region": "eu-west"
                  },
                  "enabled": true
                }
              }
            }
            """,
        ["amp"] = """
            {
              "amp.mcpServers": {
                "filesystem": {
                  "command": "npx",
                  "args": ["-y", "@modelcontextprotocol/server-filesystem", "/Users/me/My Documents"]
                },
                "github": {
                  "command": "npx",
                  "args": ["-y", "@modelcontextprotocol/server-github"],
                  "env": {
                    "GITHUB_PERSONAL_ACCESS_TOKEN": "${env:GITHUB_TOKEN}",
                    "GITHUB_TOOLSETS": "repos,issues"
                  }
                },
                "remote": {
                  "url": "https://mcp.example.com/mcp",
                  "headers": {
                    "Authorization": "Bearer ${env:API_TOKEN}",
                    "X-Region": "eu-west"
                  }
                }
              }
            }
            """,
        ["antigravity"] = """
            {
              "mcpServers": {
                "filesystem": {
                  "command": "npx",
                  "args": ["-y", "@modelcontextprotocol/server-filesystem", "/Users/me/My Documents"]
                },
                "github": {
                  "command": "npx",
                  "args": ["-y", "@modelcontextprotocol/server-github"],
                  "env": {
                    "GITHUB_PERSONAL_ACCESS_TOKEN": "${env:GITHUB_TOKEN}",
                    "GITHUB_TOOLSETS": "repos,issues"
                  }
                },
                "remote": {
                  "serverUrl": "https://mcp.example.com/mcp",
                  "headers": {
                    "Authorization": "Bearer ${env:API_TOKEN}",
                    "X-Region": "eu-west"
                  }
                }
              }
            }
            """,
        ["orchestrator"] = """
            {
              "mcpServers": {
                "filesystem": {
                  "type": "stdio",
                  "command": "npx",
                  "args": ["-y", "@modelcontextprotocol/server-filesystem", "/Users/me/My Documents"],
                  "serverId": "filesystem"
                },
                "github": {
                  "type": "stdio",
                  "command": "npx",
                  "args": ["-y", "@modelcontextprotocol/server-github"],
                  "env": {
                    "GITHUB_PERSONAL_ACCESS_TOKEN": "${env:GITHUB_TOKEN}",
                    "GITHUB_TOOLSETS": "repos,issues"
                  },
                  "tools": {
                    "include": ["search_repositories", "get_issue"],
                    "exclude": ["delete_file"]
                  },
                  "serverId": "github"
                },
                "n8n": {
                  "type": "sse",
                  "url": "http://localhost:5679/mcp/sse"
                },
                "remote": {
                  "type": "http",
                  "url": "https://mcp.example.com/mcp",
                  "headers": {
                    "Authorization": "Bearer ${env:API_TOKEN}",
                    "X-Region": "eu-west"
                  }
                }
              }
            }
            """,
    };

    private readonly NativeConfigFormats _formats = new(new ClientCatalog());

    public static TheoryData<string> ClientIds() => new(new ClientCatalog().All.Select(c => c.Id));

    [Theory]
    [MemberData(nameof(ClientIds))]
    public void Render_KnownSet_IsTheExpectedFile(string clientId)
    {
        var client = new ClientCatalog().Get(clientId);
        var accepted = Known.Where(s => client.Accepts(s.Transport)).ToList();

        var text = _formats.Render(accepted, client);

        Assert.Equal(Expected[clientId] + "\n", text);
    }

    [Theory]
    [MemberData(nameof(ClientIds))]
    public void Render_SameEntriesInAnyOrder_IsTheSameText(string clientId)
    {
        var client = new ClientCatalog().Get(clientId);
        var accepted = Known.Where(s => client.Accepts(s.Transport)).ToList();

        var forwards = _formats.Render(accepted, client);
        var backwards = _formats.Render(accepted.AsEnumerable().Reverse().ToList(), client);

        Assert.Equal(forwards, backwards);
    }

    [Fact]
    public void Expected_CoversEveryClientOfTheCatalog() =>
        Assert.Equal(new ClientCatalog().All.Select(c => c.Id).Order(), Expected.Keys.Order());

    [Fact]
    public void Render_NoEntries_IsAnEmptyCollectionInTheClientsShape()
    {
        var catalog = new ClientCatalog();

        Assert.Equal("{\n  \"mcpServers\": {}\n}\n", _formats.Render([], catalog.Get("claude-desktop")));
        Assert.Equal("[mcp_servers]\n", _formats.Render([], catalog.Get("codex")));
        Assert.Equal("name: MCP Orchestrator\nversion: 0.0.1\nschema: v1\nmcpServers: []\n", _formats.Render([], catalog.Get("continue")));
        Assert.Equal("extensions: {}\n", _formats.Render([], catalog.Get("goose")));
    }

    [Fact]
    public void Render_Codex_QuotesNamesAndKeysThatAreNotBare()
    {
        var server = new ServerConfig
        {
            Name = "my.server_1",
            Transport = Transport.Stdio,
            Command = "C:\\Program Files\\node.exe",
            Args = ["say \"hi\"", "ünï", "tab\there"],
            Env = new Dictionary<string, string> { ["with space"] = "v", ["a.b"] = "line\nbreak" },
        };

        var text = _formats.Render([server], new ClientCatalog().Get("codex"));

        Assert.Equal(
            """
            [mcp_servers."my.server_1"]
            command = "C:\\Program Files\\node.exe"
            args = ["say \"hi\"", "ünï", "tab\there"]

            [mcp_servers."my.server_1".env]
            "a.b" = "line\nbreak"
            "with space" = "v"

            """,
            text);
    }

    [Fact]
    public void Render_Yaml_QuotesEverythingAResolverWouldNotReadAsTheSameString()
    {
        var server = new ServerConfig
        {
            Name = "x",
            Transport = Transport.Stdio,
            Command = "npx",
            Args = ["true", "null", "~", "1.5", "0x1F", "12:30", "2024-01-02", "yes", "-y", "@scope/pkg", "a: b", "#c", "", " lead", "plain text", "ü", "line\nbreak", "\u2028"],
        };

        var text = _formats.Render([server], new ClientCatalog().Get("goose"));

        Assert.Contains(
            """
                args:
                  - "true"
                  - "null"
                  - "~"
                  - "1.5"
                  - "0x1F"
                  - "12:30"
                  - "2024-01-02"
                  - "yes"
                  - -y
                  - "@scope/pkg"
                  - "a: b"
                  - "#c"
                  - ""
                  - " lead"
                  - plain text
                  - "ü"
                  - "line\nbreak"
                  - "\u2028"
            """,
            text,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Render_GooseEnvReferenceUnderItsOwnName_IsAnEnvKey()
    {
        var server = new ServerConfig
        {
            Name = "x",
            Transport = Transport.Stdio,
            Command = "npx",
            Env = new Dictionary<string, string> { ["TOKEN"] = "${env:TOKEN}", ["OTHER"] = "${env:TOKEN}", ["SECRET"] = "${secret:TOKEN}" },
        };

        var text = _formats.Render([server], new ClientCatalog().Get("goose"));

        Assert.Contains("    envs:\n      OTHER: \"${env:TOKEN}\"\n      SECRET: \"${secret:TOKEN}\"\n    env_keys:\n      - TOKEN\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("claude-code", "\"A\": \"${A}-${secret:S}\"")]
    [InlineData("copilot-cli", "\"A\": \"${A}-${secret:S}\"")]
    [InlineData("gemini-cli", "\"A\": \"${A}-${secret:S}\"")]
    [InlineData("cursor", "\"A\": \"${env:A}-${secret:S}\"")]
    [InlineData("vscode", "\"A\": \"${env:A}-${secret:S}\"")]
    [InlineData("opencode", "\"A\": \"{env:A}-${secret:S}\"")]
    [InlineData("claude-desktop", "\"A\": \"${env:A}-${secret:S}\"")]
    [InlineData("codex", "A = \"${env:A}-${secret:S}\"")]
    public void Render_EnvReference_IsWrittenInTheClientsSyntaxAndSecretsVerbatim(string clientId, string expected)
    {
        var server = new ServerConfig { Name = "x", Transport = Transport.Stdio, Command = "run", Env = new Dictionary<string, string> { ["A"] = "${env:A}-${secret:S}" } };

        var text = _formats.Render([server], new ClientCatalog().Get(clientId));

        Assert.Contains(expected, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_CodexHeaders_GoToBearerTokenEnvVarEnvHttpHeadersAndHttpHeaders()
    {
        var server = new ServerConfig
        {
            Name = "figma",
            Transport = Transport.Http,
            Url = "https://mcp.figma.com/mcp",
            Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer ${env:FIGMA_OAUTH_TOKEN}", ["X-Api-Key"] = "${env:FIGMA_KEY}", ["X-Figma-Region"] = "us-east-1" },
        };

        var text = _formats.Render([server], new ClientCatalog().Get("codex"));

        Assert.Equal(
            """
            [mcp_servers.figma]
            url = "https://mcp.figma.com/mcp"
            bearer_token_env_var = "FIGMA_OAUTH_TOKEN"
            http_headers = { X-Figma-Region = "us-east-1" }
            env_http_headers = { X-Api-Key = "FIGMA_KEY" }

            """,
            text);
    }
}
