using McpOrchestrator.Core.Configs;

namespace McpOrchestrator.Core.Drafts;

/// <summary>One server in a profile's draft, as the user asked for it: a registry server with parameter values, env
/// values (literals or <c>${env:NAME}</c> / <c>${secret:NAME}</c> references) and tool filters. An imported entry
/// that matches no registry server carries its definition in <see cref="Inline"/> instead of
/// <see cref="ServerId"/>; exactly one of the two is set.</summary>
public sealed record DraftEntry
{
    /// <summary>Unique within the draft; an id (<c>^[a-z0-9][a-z0-9._-]{0,63}$</c>).</summary>
    public required string Name { get; init; }

    public string? ServerId { get; init; }

    /// <summary>Parameter values as text (<c>5679</c>, <c>true</c>, a path …); typed against the server's
    /// parameters by validation.</summary>
    public IReadOnlyDictionary<string, string> Params { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    public ToolFilter? Tools { get; init; }

    /// <summary>When the client cannot run this server's remote transport (a stdio-only client), run it through a local
    /// stdio bridge (<c>npx -y mcp-remote &lt;url&gt;</c>) instead of refusing it.</summary>
    public bool WrapRemote { get; init; }

    /// <summary>A server definition carried by the entry itself (imports of servers the registry does not know).</summary>
    public ServerConfig? Inline { get; init; }
}
