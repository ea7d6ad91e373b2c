using McpOrchestrator.Core.Configs;

namespace McpOrchestrator.Core.Clients;

/// <summary>How one client's config file is written, as data: the syntax, where the server collection sits and
/// its shape, the key and label names of an entry, and how environment references are spelled. The renderer and
/// importer in <c>McpOrchestrator.Core.Formats</c> read nothing else, so a client is added by describing it here.
/// The defaults describe the common <c>{ "mcpServers": { name: { "type", "command", "args", "env", "url",
/// "headers" } } }</c> JSON shape. Fields a client does not carry (see <see cref="Carries"/>) are dropped on render
/// with a documented rule, never written in a form the client cannot read.</summary>
public sealed record NativeFormat
{
    public FormatSyntax Syntax { get; init; } = FormatSyntax.Json;

    /// <summary>Keys from the document root to the server collection. A segment is one key even when it contains
    /// dots (Amp's flat <c>"amp.mcpServers"</c>); nested keys are separate segments.</summary>
    public IReadOnlyList<string> CollectionPath { get; init; } = ["mcpServers"];

    /// <summary>Where older versions of the client kept servers: read on import when <see cref="CollectionPath"/> is
    /// absent, never written (VS Code's <c>settings.json</c> <c>mcp.servers</c>).</summary>
    public IReadOnlyList<IReadOnlyList<string>> LegacyCollectionPaths { get; init; } = [];

    public CollectionShape Shape { get; init; } = CollectionShape.Map;

    /// <summary>The key inside an entry that holds its name: required by <see cref="CollectionShape.NamedList"/>;
    /// with <see cref="CollectionShape.Map"/> it is written as a copy of the map key (Goose) and the map key wins on
    /// import.</summary>
    public string? NameKey { get; init; }

    /// <summary>The entry key naming the transport; null when the client has none and infers it from the keys
    /// present (Codex, Gemini CLI).</summary>
    public string? TypeKey { get; init; } = "type";

    /// <summary>What is written in <see cref="TypeKey"/> per transport.</summary>
    public TransportLabels Labels { get; init; } = new("stdio", "http", "sse");

    public CommandStyle Command { get; init; } = CommandStyle.StringWithArgs;

    public string CommandKey { get; init; } = "command";

    public string ArgsKey { get; init; } = "args";

    public string EnvKey { get; init; } = "env";

    /// <summary>True when remote entries carry <see cref="EnvKey"/> too (Goose, the orchestrator). Elsewhere env on
    /// a remote entry is dropped on render: a remote server receives no environment from the client.</summary>
    public bool EnvOnRemote { get; init; }

    /// <summary>A list of variable names the client passes through from its own environment (Goose
    /// <c>env_keys</c>): an env value <c>${env:K}</c> under the same key K is written here instead of in
    /// <see cref="EnvKey"/>.</summary>
    public string? ForwardedEnvKey { get; init; }

    /// <summary>The URL key of a streamable-HTTP entry (<c>url</c>, <c>serverUrl</c>, <c>httpUrl</c>,
    /// <c>uri</c>).</summary>
    public string HttpUrlKey { get; init; } = "url";

    /// <summary>The URL key of an SSE entry; when it differs from <see cref="HttpUrlKey"/> the key alone tells the
    /// transport (Gemini CLI: <c>httpUrl</c> is streamable HTTP, <c>url</c> is SSE).</summary>
    public string SseUrlKey { get; init; } = "url";

    /// <summary>The transport of an imported entry that has a URL and no type field.</summary>
    public Transport UntypedUrlTransport { get; init; } = Transport.Http;

    /// <summary>Keys from the entry to its header map (<c>["headers"]</c>, Continue's
    /// <c>["requestOptions", "headers"]</c>, Codex's <c>["http_headers"]</c>); empty when the client takes none.</summary>
    public IReadOnlyList<string> HeadersPath { get; init; } = ["headers"];

    /// <summary>The remote transports whose entries can carry headers. Rendering a header for any other transport
    /// is refused (<c>headers_not_supported</c>): dropping credentials silently would break the server.</summary>
    public IReadOnlyList<Transport> HeaderTransports { get; init; } = [Transport.Http, Transport.Sse];

    /// <summary>A key naming the environment variable that holds a bearer token (Codex
    /// <c>bearer_token_env_var</c>): a header <c>Authorization: Bearer ${env:NAME}</c> is written as NAME here.</summary>
    public string? BearerTokenEnvVarKey { get; init; }

    /// <summary>A map from header name to the environment variable holding its value (Codex
    /// <c>env_http_headers</c>): a header whose whole value is <c>${env:NAME}</c> is written here.</summary>
    public string? EnvHeadersKey { get; init; }

    /// <summary>Native tool-filter keys; null when the client has none and filters are not carried (dropped on
    /// render — validation warns).</summary>
    public ToolFilterKeys? ToolFilters { get; init; }

    public VariableSyntax Variables { get; init; } = VariableSyntax.None;

    /// <summary>True when the entry records the registry server it came from (<c>serverId</c>; the orchestrator's
    /// own format only).</summary>
    public bool CarriesServerId { get; init; }

    /// <summary>Top-level fields written before the collection (Continue's <c>name</c>/<c>version</c>/<c>schema</c>,
    /// OpenCode's <c>$schema</c>).</summary>
    public IReadOnlyList<FixedField> DocumentFields { get; init; } = [];

    /// <summary>Fields written in every entry after the server's own (Goose's <c>enabled</c> and
    /// <c>timeout</c>).</summary>
    public IReadOnlyList<FixedField> EntryFields { get; init; } = [];

    /// <summary>True when the client expands environment references itself.</summary>
    public bool ExpandsVariables => Variables != VariableSyntax.None;

    /// <summary>The fields of a server entry this format carries through render and import unchanged.</summary>
    public CarriedFields Carries => new()
    {
        ServerId = CarriesServerId,
        RemoteEnv = EnvOnRemote,
        ToolInclude = ToolFilters?.CarriesInclude ?? false,
        ToolExclude = ToolFilters?.CarriesExclude ?? false,
        HeaderTransports = HeaderPathOrSpecialKeys ? HeaderTransports : [],
    };

    private bool HeaderPathOrSpecialKeys => HeadersPath.Count > 0 || BearerTokenEnvVarKey is not null || EnvHeadersKey is not null;

    /// <summary>The common <c>mcpServers</c> JSON shape with explicit <c>type</c> labels.</summary>
    public static NativeFormat Default { get; } = new();
}
