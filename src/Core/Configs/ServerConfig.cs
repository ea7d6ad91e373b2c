namespace McpOrchestrator.Core.Configs;

/// <summary>One MCP server as a client runs it, fully resolved: parameters substituted and defaults applied. This is
/// what a client's native file holds, what an artifact's payload lists, and what import produces. Env and header
/// values may be literals or references (<c>${env:NAME}</c>, <c>${secret:NAME}</c>), kept verbatim here.
/// Invariants: <see cref="Transport.Stdio"/> has a <see cref="Command"/> and no <see cref="Url"/>; HTTP and SSE have
/// a <see cref="Url"/> and no command or args.</summary>
public sealed record ServerConfig
{
    /// <summary>The entry's name in the client file (an id: <c>^[a-z0-9][a-z0-9._-]{0,63}$</c>).</summary>
    public required string Name { get; init; }

    public required Transport Transport { get; init; }

    public string? Command { get; init; }

    public IReadOnlyList<string> Args { get; init; } = [];

    public string? Url { get; init; }

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>();

    /// <summary>Tool include/exclude filters; null when the entry exposes every tool.</summary>
    public ToolFilter? Tools { get; init; }

    /// <summary>The registry server this entry was built from, when known (null for imported entries that match
    /// none).</summary>
    public string? ServerId { get; init; }
}
