using McpOrchestrator.Core.Configs;

namespace McpOrchestrator.Core.Clients;

/// <summary>The built-in client definitions, as data. Sources: <c>reference/client-config-formats.md</c> (vendor docs
/// cross-checked with the writers of ToolHive, Docker MCP gateway, Smithery and mcpm). Where sources disagree, the
/// choice and its reason are the comment beside the value.</summary>
internal static class BuiltInClients
{
    private static readonly Transport[] StdioOnly = [Transport.Stdio];
    private static readonly Transport[] AllTransports = [Transport.Stdio, Transport.Http, Transport.Sse];
    private static readonly Transport[] StdioAndHttp = [Transport.Stdio, Transport.Http];

    /// <summary>Clients that pick streamable HTTP or SSE from the URL themselves: no type for stdio and HTTP, and
    /// <c>type: "sse"</c> on SSE entries so the transport survives a round trip (ToolHive writes a type for these
    /// clients too, so they tolerate it).</summary>
    private static readonly TransportLabels AutoDetectedRemote = new(null, null, "sse");

    public static IReadOnlyList<ClientDefinition> Create() =>
    [
        new()
        {
            Id = "claude-desktop",
            DisplayName = "Claude Desktop",
            // Linux: no official build; ~/.config/Claude (mcpm, Smithery, the prior system's docs, Electron's userData for "Claude") over Docker's lowercase ~/.config/claude.
            Paths = new(
                "~/Library/Application Support/Claude/claude_desktop_config.json",
                @"%APPDATA%\Claude\claude_desktop_config.json",
                "~/.config/Claude/claude_desktop_config.json"),
            // The file takes stdio only (remote servers go through Settings → Connectors); remote entries are wrapped with mcp-remote or refused.
            Transports = StdioOnly,
            CanWrapRemote = true,
            Format = new() { Labels = TransportLabels.None, HeadersPath = [], HeaderTransports = [] },
        },
        new()
        {
            Id = "claude-code",
            DisplayName = "Claude Code",
            // User scope ~/.claude.json on every OS; projects[...] (local scope) is not imported, .mcp.json has the same shape.
            Paths = new("~/.claude.json", @"%USERPROFILE%\.claude.json", "~/.claude.json"),
            Transports = AllTransports,
            Format = new() { Variables = VariableSyntax.DollarBrace },
        },
        new()
        {
            Id = "cursor",
            DisplayName = "Cursor",
            // ~/.cursor/mcp.json (Cursor docs, every writer) — not the prior system's ~/.cursor/mcp_config.json, which Cursor never reads.
            Paths = new("~/.cursor/mcp.json", @"%USERPROFILE%\.cursor\mcp.json", "~/.cursor/mcp.json"),
            Transports = AllTransports,
            CanWrapRemote = true,
            // 40 tools: users and mcpproxy-go report Cursor sends only the first 40. The prior system's 20 servers / 50 env vars had no source (hard-coded there) and would refuse files Cursor runs, so no server or env limit.
            Limits = new() { MaxTools = 40 },
            Format = new() { Labels = AutoDetectedRemote, Variables = VariableSyntax.EnvColon },
        },
        new()
        {
            Id = "vscode",
            DisplayName = "Visual Studio Code",
            // The user-profile mcp.json (current VS Code); the older settings.json "mcp.servers" is still read on import.
            Paths = new(
                "~/Library/Application Support/Code/User/mcp.json",
                @"%APPDATA%\Code\User\mcp.json",
                "~/.config/Code/User/mcp.json"),
            Transports = AllTransports,
            // VS Code enables at most 128 tools per chat request (VS Code docs).
            Limits = new() { MaxTools = 128 },
            Format = new()
            {
                Syntax = FormatSyntax.Jsonc,
                CollectionPath = ["servers"],
                LegacyCollectionPaths = [["mcp", "servers"]],
                Variables = VariableSyntax.EnvColon,
            },
        },
        new()
        {
            Id = "windsurf",
            DisplayName = "Windsurf",
            Paths = new(
                "~/.codeium/windsurf/mcp_config.json",
                @"%USERPROFILE%\.codeium\windsurf\mcp_config.json",
                "~/.codeium/windsurf/mcp_config.json"),
            Transports = AllTransports,
            // Cascade enables at most 100 tools in total (Windsurf docs).
            Limits = new() { MaxTools = 100 },
            // serverUrl, not url: mcpm, ToolHive and Smithery all translate; url is still read on import.
            Format = new() { Labels = AutoDetectedRemote, HttpUrlKey = "serverUrl", SseUrlKey = "serverUrl", Variables = VariableSyntax.EnvColon },
        },
        new()
        {
            Id = "zed",
            DisplayName = "Zed",
            // Windows: %APPDATA%\Zed (Smithery, Zed's own config_dir on Windows) over Docker's %USERPROFILE%\.config\zed.
            Paths = new("~/.config/zed/settings.json", @"%APPDATA%\Zed\settings.json", "~/.config/zed/settings.json"),
            // Remote context servers are streamable HTTP; Zed documents no SSE entry, so SSE is wrapped or refused.
            Transports = StdioAndHttp,
            CanWrapRemote = true,
            // Shared with every other editor setting: render gives the context_servers document; a writer merges it. The older nested command object is read on import.
            Format = new() { Syntax = FormatSyntax.Jsonc, CollectionPath = ["context_servers"], Labels = TransportLabels.None },
        },
        new()
        {
            Id = "cline",
            DisplayName = "Cline",
            // The VS Code extension's file; under Cursor or the Cline CLI (~/.cline/data/settings/) the same shape lives elsewhere.
            Paths = new(
                "~/Library/Application Support/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json",
                @"%APPDATA%\Code\User\globalStorage\saoudrizwan.claude-dev\settings\cline_mcp_settings.json",
                "~/.config/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json"),
            Transports = AllTransports,
            // A url without type is SSE in Cline (its legacy remote shape).
            Format = new() { Labels = new("stdio", "streamableHttp", "sse"), UntypedUrlTransport = Transport.Sse },
        },
        new()
        {
            Id = "continue",
            DisplayName = "Continue",
            // The global config.yaml (mcpm prefers a workspace config.yaml when one exists; that is the user's choice of target).
            Paths = new("~/.continue/config.yaml", @"%USERPROFILE%\.continue\config.yaml", "~/.continue/config.yaml"),
            Transports = AllTransports,
            Format = new()
            {
                Syntax = FormatSyntax.Yaml,
                Shape = CollectionShape.NamedList,
                NameKey = "name",
                Labels = new("stdio", "streamable-http", "sse"),
                // Headers under requestOptions.headers: unverified in the reference, taken from Continue's config schema.
                HeadersPath = ["requestOptions", "headers"],
                DocumentFields =
                [
                    new("name", "MCP Orchestrator"),
                    new("version", "0.0.1"),
                    new("schema", "v1"),
                ],
            },
        },
        new()
        {
            Id = "codex",
            DisplayName = "Codex CLI",
            // Also read by the Codex IDE extension and desktop app; $CODEX_HOME moves it.
            Paths = new("~/.codex/config.toml", @"%USERPROFILE%\.codex\config.toml", "~/.codex/config.toml"),
            // Codex runs stdio and streamable HTTP only; an SSE server is wrapped or refused.
            Transports = StdioAndHttp,
            CanWrapRemote = true,
            Format = new()
            {
                Syntax = FormatSyntax.Toml,
                CollectionPath = ["mcp_servers"],
                TypeKey = null,
                Labels = TransportLabels.None,
                // A plain "headers" key is ignored by Codex; http_headers / env_http_headers / bearer_token_env_var are what it reads.
                HeadersPath = ["http_headers"],
                HeaderTransports = [Transport.Http],
                BearerTokenEnvVarKey = "bearer_token_env_var",
                EnvHeadersKey = "env_http_headers",
                // enabled_tools/disabled_tools: unverified in the reference; accepted because Codex's config type has them (openai/codex#20195 lists them).
                ToolFilters = new() { IncludeKey = "enabled_tools", ExcludeKey = "disabled_tools" },
            },
        },
        new()
        {
            Id = "gemini-cli",
            DisplayName = "Gemini CLI",
            Paths = new("~/.gemini/settings.json", @"%USERPROFILE%\.gemini\settings.json", "~/.gemini/settings.json"),
            Transports = AllTransports,
            // No type field: httpUrl is streamable HTTP, url is SSE.
            Format = new()
            {
                TypeKey = null,
                Labels = TransportLabels.None,
                HttpUrlKey = "httpUrl",
                SseUrlKey = "url",
                UntypedUrlTransport = Transport.Sse,
                ToolFilters = new() { IncludeKey = "includeTools", ExcludeKey = "excludeTools" },
                Variables = VariableSyntax.DollarBraceOrBare,
            },
        },
        new()
        {
            Id = "goose",
            DisplayName = "Goose",
            Paths = new("~/.config/goose/config.yaml", @"%APPDATA%\Block\goose\config\config.yaml", "~/.config/goose/config.yaml"),
            Transports = AllTransports,
            Format = new()
            {
                Syntax = FormatSyntax.Yaml,
                CollectionPath = ["extensions"],
                NameKey = "name",
                Labels = new("stdio", "streamable_http", "sse"),
                CommandKey = "cmd",
                EnvKey = "envs",
                EnvOnRemote = true,
                // env_keys: variables Goose takes from its environment (or keyring) — the natural home of ${env:K} under key K.
                ForwardedEnvKey = "env_keys",
                HttpUrlKey = "uri",
                SseUrlKey = "uri",
                // Goose's SSE extension has no headers; its streamable_http one does.
                HeaderTransports = [Transport.Http],
                // available_tools is an allow-list (Goose's extension schema); Goose has no deny-list.
                ToolFilters = new() { IncludeKey = "available_tools" },
                EntryFields =
                [
                    new("enabled", "true", FixedFieldKind.Boolean),
                    // 300 s as Docker writes (ToolHive writes 60); Goose's own default is 300.
                    new("timeout", "300", FixedFieldKind.Number),
                ],
            },
        },
        new()
        {
            Id = "copilot-cli",
            DisplayName = "GitHub Copilot CLI",
            // ~/.copilot (current docs; older docs said ~/.config); COPILOT_HOME moves it.
            Paths = new("~/.copilot/mcp-config.json", @"%USERPROFILE%\.copilot\mcp-config.json", "~/.copilot/mcp-config.json"),
            Transports = AllTransports,
            Format = new()
            {
                // "local" as GitHub's docs and /mcp add write it; "stdio" is read too.
                Labels = new("local", "http", "sse"),
                // "tools" is an allow-list, ["*"] for all; there is no deny-list in the file.
                ToolFilters = new() { IncludeKey = "tools", AllTools = "*" },
                // ${VAR} since 0.0.340 (plain names are literals now).
                Variables = VariableSyntax.DollarBrace,
            },
        },
        new()
        {
            Id = "kiro",
            DisplayName = "Kiro",
            Paths = new("~/.kiro/settings/mcp.json", @"%USERPROFILE%\.kiro\settings\mcp.json", "~/.kiro/settings/mcp.json"),
            Transports = StdioAndHttp,
            CanWrapRemote = true,
            // No type: Kiro's docs show url alone (ToolHive); Smithery's "streamable-http" is read on import.
            Format = new() { Labels = TransportLabels.None },
        },
        new()
        {
            Id = "lm-studio",
            DisplayName = "LM Studio",
            // ~/.lmstudio/mcp.json (LM Studio docs) over Docker's fallback ~/.cache/lm-studio.
            Paths = new("~/.lmstudio/mcp.json", @"%USERPROFILE%\.lmstudio\mcp.json", "~/.lmstudio/mcp.json"),
            Transports = StdioAndHttp,
            CanWrapRemote = true,
            Format = new() { Labels = TransportLabels.None },
        },
        new()
        {
            Id = "opencode",
            DisplayName = "OpenCode",
            // ~/.config/opencode/opencode.json (Docker, ToolHive, OpenCode docs) over Smithery's ~/.opencode/opencode.jsonc.
            Paths = new(
                "~/.config/opencode/opencode.json",
                @"%USERPROFILE%\.config\opencode\opencode.json",
                "~/.config/opencode/opencode.json"),
            // "remote" is streamable HTTP (with OpenCode's own SSE fallback): no way to ask for SSE.
            Transports = StdioAndHttp,
            CanWrapRemote = true,
            Format = new()
            {
                Syntax = FormatSyntax.Jsonc,
                CollectionPath = ["mcp"],
                Labels = new("local", "remote", null),
                Command = CommandStyle.Array,
                EnvKey = "environment",
                Variables = VariableSyntax.BraceEnvColon,
                DocumentFields = [new("$schema", "https://opencode.ai/config.json")],
                EntryFields = [new("enabled", "true", FixedFieldKind.Boolean)],
            },
        },
        new()
        {
            Id = "amp",
            DisplayName = "Amp",
            Paths = new("~/.config/amp/settings.json", @"%APPDATA%\amp\settings.json", "~/.config/amp/settings.json"),
            Transports = StdioAndHttp,
            CanWrapRemote = true,
            // One flat key "amp.mcpServers", VS Code settings style (ToolHive).
            Format = new() { Syntax = FormatSyntax.Jsonc, CollectionPath = ["amp.mcpServers"], Labels = TransportLabels.None },
        },
        new()
        {
            Id = "antigravity",
            DisplayName = "Google Antigravity",
            Paths = new(
                "~/.gemini/antigravity/mcp_config.json",
                @"%USERPROFILE%\.gemini\antigravity\mcp_config.json",
                "~/.gemini/antigravity/mcp_config.json"),
            Transports = StdioAndHttp,
            CanWrapRemote = true,
            Format = new() { Labels = TransportLabels.None, HttpUrlKey = "serverUrl", SseUrlKey = "serverUrl" },
        },
        new()
        {
            Id = ClientCatalog.OrchestratorClientId,
            DisplayName = "MCP Orchestrator",
            // This service itself: no file on a user's machine; its deployed configuration is the live connection set.
            Paths = new(null, null, null),
            Transports = AllTransports,
            Format = new()
            {
                EnvOnRemote = true,
                ToolFilters = new() { ObjectKey = "tools" },
                CarriesServerId = true,
            },
        },
    ];
}
