using McpOrchestrator.Core.Configs;

namespace McpOrchestrator.Core.Registry;

/// <summary>
/// The registry entries shipped with the service: the prior system's 15 servers brought up to date (several
/// <c>@modelcontextprotocol</c> packages were archived in 2025 and moved to their vendors), the MCP reference servers,
/// and well-known remote (streamable HTTP / SSE) servers. Every entry obeys <see cref="ServerDefinitionValidator"/>.
/// Remote servers that sign in with OAuth take an optional token parameter: left out, its header is left out and the
/// client runs the OAuth flow.
/// </summary>
public static class BuiltInServers
{
    private const string Reference = "https://github.com/modelcontextprotocol/servers/tree/main/src/";
    private const string Archived = "https://github.com/modelcontextprotocol/servers-archived/tree/main/src/";

    public static IReadOnlyList<ServerDefinition> All { get; } = Create();

    private static ServerDefinition[] Create() =>
    [
        // --- The prior system's 15, brought up to date -----------------------------------------------------------
        Stdio("filesystem", "Filesystem", "Read, write, move and search files and directories below one allowed directory.",
            "npx", ["-y", "@modelcontextprotocol/server-filesystem", "{path}"], "@modelcontextprotocol/server-filesystem",
            Reference + "filesystem", ["files", "storage", "local"],
            parameters: [Required("path", ParameterType.Path, "/Users/you/Documents", "The directory the server may access.")]),

        // The @modelcontextprotocol/server-brave-search reference server is archived; Brave maintains the official one.
        Stdio("brave-search", "Brave Search", "Web, news, image, video and local search with the Brave Search API.",
            "npx", ["-y", "@brave/brave-search-mcp-server"], "@brave/brave-search-mcp-server",
            "https://github.com/brave/brave-search-mcp-server", ["search", "web", "internet"],
            requiredEnv: [Secret("BRAVE_API_KEY", "API key from https://brave.com/search/api/.")]),

        // The @modelcontextprotocol/server-github reference server is archived; GitHub's official server ships as a container image.
        Stdio("github", "GitHub", "Repositories, issues, pull requests, Actions and code search through GitHub's official MCP server (local container).",
            "docker", ["run", "-i", "--rm", "-e", "GITHUB_PERSONAL_ACCESS_TOKEN", "-e", "GITHUB_TOOLSETS", "ghcr.io/github/github-mcp-server"],
            "ghcr.io/github/github-mcp-server", "https://github.com/github/github-mcp-server", ["git", "github", "version-control"],
            requiredEnv: [Secret("GITHUB_PERSONAL_ACCESS_TOKEN", "A fine-grained or classic personal access token.")],
            optionalEnv: [Plain("GITHUB_TOOLSETS", "Comma-separated toolsets to enable, e.g. repos,issues,pull_requests.")]),

        Stdio("memory", "Memory", "A persistent knowledge graph (entities, relations, observations) kept across conversations.",
            "npx", ["-y", "@modelcontextprotocol/server-memory"], "@modelcontextprotocol/server-memory",
            Reference + "memory", ["storage", "persistence", "memory"],
            optionalEnv: [Plain("MEMORY_FILE_PATH", "Where the graph is stored (JSON lines file).")]),

        // fetch is a Python reference server run with uvx; the prior @modelcontextprotocol/server-fetch npm package never existed.
        Stdio("fetch", "Fetch", "Fetch a web page and return it as Markdown for the model to read.",
            "uvx", ["mcp-server-fetch", "--user-agent={user_agent}"], "mcp-server-fetch",
            Reference + "fetch", ["web", "http", "fetch"],
            parameters: [Optional("user_agent", ParameterType.String, null, "MyAgent/1.0", "User-Agent to send instead of the server's default.")]),

        // The @modelcontextprotocol/server-postgres reference server is archived (read-only, unmaintained); Postgres MCP Pro replaces it
        // and takes the connection string from env, so the password stays out of args.
        Stdio("postgres", "PostgreSQL", "Query PostgreSQL, inspect schemas, explain plans and check database health (Postgres MCP Pro).",
            "uvx", ["postgres-mcp", "--access-mode={access_mode}"], "postgres-mcp",
            "https://github.com/crystaldba/postgres-mcp", ["database", "sql", "postgres"],
            parameters: [Optional("access_mode", ParameterType.String, "restricted", "unrestricted", "'restricted' (read-only transactions, default) or 'unrestricted'.")],
            requiredEnv: [Secret("DATABASE_URI", "Connection string, e.g. postgresql://user:password@localhost:5432/dbname.")]),

        // The sqlite reference server is archived; it was always the Python package mcp-server-sqlite (the prior npm name never existed), still on PyPI.
        Stdio("sqlite", "SQLite", "Query and change a SQLite database, with a memo of business insights.",
            "uvx", ["mcp-server-sqlite", "--db-path", "{db_path}"], "mcp-server-sqlite",
            Archived + "sqlite", ["database", "sql", "sqlite"],
            parameters: [Required("db_path", ParameterType.Path, "/Users/you/data/app.db", "The database file.")]),

        // The @modelcontextprotocol/server-slack reference server is archived; Zencoder maintains its successor.
        Stdio("slack", "Slack", "List channels, read history and threads, post messages and reactions in a Slack workspace.",
            "npx", ["-y", "@zencoderai/slack-mcp-server"], "@zencoderai/slack-mcp-server",
            "https://github.com/zencoderai/slack-mcp-server", ["chat", "communication", "slack"],
            requiredEnv: [Secret("SLACK_BOT_TOKEN", "Bot User OAuth token (xoxb-…)."), Plain("SLACK_TEAM_ID", "Workspace id (T…).")],
            optionalEnv: [Plain("SLACK_CHANNEL_IDS", "Comma-separated channel ids to restrict the server to.")]),

        // The puppeteer reference server is archived without an official successor; the package is still on npm. Prefer 'playwright'.
        Stdio("puppeteer", "Puppeteer", "Browser automation with Puppeteer: navigate, click, fill forms, screenshot (archived reference server; prefer 'playwright').",
            "npx", ["-y", "@modelcontextprotocol/server-puppeteer"], "@modelcontextprotocol/server-puppeteer",
            Archived + "puppeteer", ["browser", "automation", "web", "archived"],
            optionalEnv: [Plain("PUPPETEER_LAUNCH_OPTIONS", "JSON launch options, e.g. {\"headless\": true}.")]),

        // The google-maps reference server is archived without an official successor; the package is still on npm.
        Stdio("google-maps", "Google Maps", "Geocoding, place search, directions and distances with the Google Maps API (archived reference server).",
            "npx", ["-y", "@modelcontextprotocol/server-google-maps"], "@modelcontextprotocol/server-google-maps",
            Archived + "google-maps", ["maps", "location", "google", "archived"],
            requiredEnv: [Secret("GOOGLE_MAPS_API_KEY", "A Google Maps Platform API key.")]),

        // n8n's MCP Server Trigger node serves streamable HTTP (and SSE) at /mcp/<path> on the n8n host (default port 5678, not the prior 5679).
        Remote("n8n", "n8n Workflows", "Call n8n workflows exposed by an MCP Server Trigger node.",
            Transport.Http, "{base_url}/mcp/{path}", "https://docs.n8n.io/integrations/builtin/core-nodes/n8n-nodes-langchain.mcptrigger/",
            ["automation", "workflow", "remote"],
            headers: new() { ["Authorization"] = "Bearer {token}" },
            parameters:
            [
                Optional("base_url", ParameterType.Url, "http://localhost:5678", "https://n8n.example.com", "The n8n instance."),
                Required("path", ParameterType.String, "my-workflows", "The path set on the MCP Server Trigger node."),
                Optional("token", ParameterType.String, null, "${secret:N8N_MCP_TOKEN}", "Bearer token, when the trigger uses bearer authentication."),
            ]),

        // This service itself, as clients reach its /mcp: every live tool plus the management tools, one URL.
        Remote("mcp-orchestrator", "MCP Orchestrator", "This service as one MCP server: the tools of every live server it keeps, plus its management tools (drafts, publish, deploy).",
            Transport.Http, "{base_url}/mcp", "https://github.com/mcp-orchestrator/mcp-orchestrator#the-service-as-an-mcp-server",
            ["orchestrator", "gateway", "aggregator", "remote"],
            headers: new() { ["Authorization"] = "Bearer {token}" },
            parameters:
            [
                Required("base_url", ParameterType.Url, "https://mcpo.example.com", "Where clients reach this service (its public base URL)."),
                Optional("token", ParameterType.String, "${secret:MCPO_TOKEN}", "${secret:MCPO_TOKEN}", "An API token of this service with scope tools (and read or write for the management tools); a reference, so the file never holds it."),
            ]),

        Remote("custom-api", "Custom HTTP server", "A streamable HTTP MCP server of your own at http://{host}:{port}/mcp.",
            Transport.Http, "http://{host}:{port}/mcp", "https://modelcontextprotocol.io/docs/concepts/transports",
            ["custom", "http", "remote"],
            parameters:
            [
                Optional("host", ParameterType.String, "localhost", "api.example.com", "Host name."),
                Optional("port", ParameterType.Int, "8080", "8080", "Port."),
            ]),

        // The prior catalog called this "Everything Search (Windows)"; it is the MCP test server that exercises every protocol feature.
        Stdio("everything", "Everything (MCP test server)", "Reference server exercising every MCP feature (tools, resources, prompts, sampling, notifications), for testing clients.",
            "npx", ["-y", "@modelcontextprotocol/server-everything"], "@modelcontextprotocol/server-everything",
            Reference + "everything", ["testing", "reference"]),

        Stdio("sequential-thinking", "Sequential Thinking", "Structured, revisable step-by-step reasoning.",
            "npx", ["-y", "@modelcontextprotocol/server-sequential-thinking"], "@modelcontextprotocol/server-sequential-thinking",
            Reference + "sequentialthinking", ["reasoning", "thinking", "workflow"],
            optionalEnv: [Plain("DISABLE_THOUGHT_LOGGING", "Set to true to stop logging thoughts to stderr.")]),

        // The @modelcontextprotocol/server-sentry reference server is archived; Sentry maintains @sentry/mcp-server (and a remote server, 'sentry-remote').
        Stdio("sentry", "Sentry", "Issues, events, traces and releases from Sentry, and Seer fixes.",
            "npx", ["-y", "@sentry/mcp-server@latest"], "@sentry/mcp-server",
            "https://github.com/getsentry/sentry-mcp", ["monitoring", "errors", "debugging"],
            requiredEnv: [Secret("SENTRY_ACCESS_TOKEN", "A Sentry user auth token.")],
            optionalEnv: [Plain("SENTRY_HOST", "Self-hosted Sentry host, e.g. sentry.example.com.")]),

        // --- Other reference servers --------------------------------------------------------------------------------
        Stdio("git", "Git", "Read, search and change a local Git repository (status, diff, log, commit, branch).",
            "uvx", ["mcp-server-git", "--repository", "{repository}"], "mcp-server-git",
            Reference + "git", ["git", "version-control", "local"],
            parameters: [Required("repository", ParameterType.Path, "/Users/you/code/project", "The repository's working tree.")]),

        Stdio("time", "Time", "Current time and conversions between IANA time zones.",
            "uvx", ["mcp-server-time", "--local-timezone={timezone}"], "mcp-server-time",
            Reference + "time", ["time", "timezone", "utility"],
            parameters: [Optional("timezone", ParameterType.String, null, "Europe/Paris", "IANA time zone to use as local instead of the system's.")]),

        // --- Well-known stdio servers --------------------------------------------------------------------------------
        Stdio("playwright", "Playwright", "Browser automation through accessibility snapshots, by Microsoft.",
            "npx", ["-y", "@playwright/mcp@latest"], "@playwright/mcp",
            "https://github.com/microsoft/playwright-mcp", ["browser", "automation", "web", "testing"]),

        // --- Well-known remote servers -------------------------------------------------------------------------------
        Remote("github-remote", "GitHub (remote)", "GitHub's hosted MCP server: repositories, issues, pull requests, Actions, Copilot coding agent.",
            Transport.Http, "https://api.githubcopilot.com/mcp/", "https://github.com/github/github-mcp-server/blob/main/docs/remote-server.md",
            ["git", "github", "version-control", "remote"],
            headers: new() { ["Authorization"] = "Bearer {token}" },
            parameters: [Optional("token", ParameterType.String, null, "${secret:GITHUB_PAT}", "Personal access token; leave out to sign in with OAuth where the client supports it.")]),

        Remote("sentry-remote", "Sentry (remote)", "Sentry's hosted MCP server (OAuth sign-in).",
            Transport.Http, "https://mcp.sentry.dev/mcp", "https://docs.sentry.io/product/sentry-mcp/",
            ["monitoring", "errors", "debugging", "remote"]),

        Remote("microsoft-learn", "Microsoft Learn", "Search and read Microsoft's official documentation and code samples.",
            Transport.Http, "https://learn.microsoft.com/api/mcp", "https://github.com/MicrosoftDocs/mcp",
            ["docs", "microsoft", "azure", "remote"]),

        Remote("deepwiki", "DeepWiki", "Ask questions about public GitHub repositories using DeepWiki's generated documentation.",
            Transport.Http, "https://mcp.deepwiki.com/mcp", "https://docs.devin.ai/work-with-devin/deepwiki-mcp",
            ["docs", "github", "remote"]),

        Remote("context7", "Context7", "Up-to-date, version-specific library documentation and code examples.",
            Transport.Http, "https://mcp.context7.com/mcp", "https://github.com/upstash/context7",
            ["docs", "libraries", "remote"],
            headers: new() { ["CONTEXT7_API_KEY"] = "{api_key}" },
            parameters: [Optional("api_key", ParameterType.String, null, "${secret:CONTEXT7_API_KEY}", "API key for higher rate limits; optional.")]),

        Remote("huggingface", "Hugging Face", "Search models, datasets, Spaces and papers on the Hugging Face Hub.",
            Transport.Http, "https://huggingface.co/mcp", "https://huggingface.co/settings/mcp",
            ["ai", "models", "datasets", "remote"],
            headers: new() { ["Authorization"] = "Bearer {token}" },
            parameters: [Optional("token", ParameterType.String, null, "${secret:HF_TOKEN}", "Hugging Face access token; leave out for anonymous or OAuth access.")]),

        Remote("linear", "Linear", "Find, create and update Linear issues, projects and comments (OAuth sign-in).",
            Transport.Http, "https://mcp.linear.app/mcp", "https://linear.app/docs/mcp",
            ["project-management", "issues", "remote"]),

        Remote("notion", "Notion", "Search, read and edit Notion pages and databases (OAuth sign-in).",
            Transport.Http, "https://mcp.notion.com/mcp", "https://developers.notion.com/docs/mcp",
            ["docs", "knowledge-base", "remote"]),

        Remote("atlassian", "Atlassian (Jira and Confluence)", "Jira issues and Confluence pages through Atlassian's remote MCP server (OAuth sign-in).",
            Transport.Sse, "https://mcp.atlassian.com/v1/sse", "https://support.atlassian.com/rovo/docs/getting-started-with-the-atlassian-remote-mcp-server/",
            ["project-management", "issues", "docs", "remote"]),

        Remote("cloudflare-docs", "Cloudflare Docs", "Search Cloudflare's developer documentation.",
            Transport.Http, "https://docs.mcp.cloudflare.com/mcp", "https://github.com/cloudflare/mcp-server-cloudflare",
            ["docs", "cloudflare", "remote"]),

        Remote("stripe", "Stripe", "Customers, payments, invoices and the Stripe knowledge base.",
            Transport.Http, "https://mcp.stripe.com", "https://docs.stripe.com/mcp",
            ["payments", "finance", "remote"],
            headers: new() { ["Authorization"] = "Bearer {api_key}" },
            parameters: [Optional("api_key", ParameterType.String, null, "${secret:STRIPE_SECRET_KEY}", "A restricted API key; leave out to sign in with OAuth.")]),
    ];

    private static ServerDefinition Stdio(
        string id,
        string name,
        string description,
        string command,
        string[] args,
        string package,
        string docsUrl,
        string[] tags,
        ServerParameter[]? parameters = null,
        EnvVarSpec[]? requiredEnv = null,
        EnvVarSpec[]? optionalEnv = null) => new()
        {
            Id = id,
            Name = name,
            Description = description,
            Transport = Transport.Stdio,
            Command = command,
            Args = args,
            Package = package,
            DocsUrl = docsUrl,
            Tags = tags,
            Parameters = parameters ?? [],
            Env = new EnvRequirements { Required = requiredEnv ?? [], Optional = optionalEnv ?? [] },
            BuiltIn = true,
        };

    private static ServerDefinition Remote(
        string id,
        string name,
        string description,
        Transport transport,
        string url,
        string docsUrl,
        string[] tags,
        Dictionary<string, string>? headers = null,
        ServerParameter[]? parameters = null) => new()
        {
            Id = id,
            Name = name,
            Description = description,
            Transport = transport,
            Url = url,
            Headers = headers ?? [],
            DocsUrl = docsUrl,
            Tags = tags,
            Parameters = parameters ?? [],
            BuiltIn = true,
        };

    private static ServerParameter Required(string name, ParameterType type, string example, string description) =>
        new() { Name = name, Type = type, Required = true, Example = example, Description = description };

    private static ServerParameter Optional(string name, ParameterType type, string? defaultValue, string example, string description) =>
        new() { Name = name, Type = type, Default = defaultValue, Example = example, Description = description };

    private static EnvVarSpec Secret(string name, string description) => new() { Name = name, Secret = true, Description = description };

    private static EnvVarSpec Plain(string name, string description) => new() { Name = name, Description = description };
}
