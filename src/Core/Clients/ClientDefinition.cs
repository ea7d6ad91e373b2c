using McpOrchestrator.Core.Configs;

namespace McpOrchestrator.Core.Clients;

/// <summary>An MCP client application as data: where its config file lives, how the file is written, which
/// transports it can run and what it can hold. Built-in clients are in <see cref="ClientCatalog"/>.</summary>
public sealed record ClientDefinition
{
    /// <summary>An id (<c>^[a-z0-9][a-z0-9._-]{0,63}$</c>), e.g. <c>claude-desktop</c>.</summary>
    public required string Id { get; init; }

    public required string DisplayName { get; init; }

    public required ClientPaths Paths { get; init; }

    /// <summary>Transports the client can run directly.</summary>
    public required IReadOnlyList<Transport> Transports { get; init; }

    /// <summary>True when a remote (HTTP/SSE) server whose transport this client cannot run (all remote transports
    /// for a stdio-only client) may be given to it by wrapping it in a local stdio bridge
    /// (<c>npx -y mcp-remote &lt;url&gt;</c>), if the draft entry allows it.</summary>
    public bool CanWrapRemote { get; init; }

    public ClientLimits Limits { get; init; } = new();

    /// <summary>How the client's config file is written and read.</summary>
    public NativeFormat Format { get; init; } = NativeFormat.Default;

    public bool Accepts(Transport transport) => Transports.Contains(transport);
}
