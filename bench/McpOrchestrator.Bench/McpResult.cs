namespace McpOrchestrator.Bench;

/// <summary>The MCP endpoint measurement: the service's <c>/mcp</c> ÷ a direct stdio call and ÷ mcp-hub's <c>/mcp</c>, one
/// phase with one client per path and one with <see cref="Clients"/>. In each <see cref="LivePhase"/> "routed" is the
/// service's <c>/mcp</c>, and the mcp-hub comparisons are always present.</summary>
public sealed record McpResult(LivePhase Sequential, LivePhase Concurrent, int WarmUpRequests, int Rounds, int Clients, string HubVersion)
{
    /// <summary>The CPU the two routers' process trees used, per phase: the service's, then mcp-hub's (empty where
    /// <c>/proc</c> is not readable).</summary>
    public IReadOnlyList<RouterCpu> SequentialCpu { get; init; } = [];

    /// <inheritdoc cref="SequentialCpu"/>
    public IReadOnlyList<RouterCpu> ConcurrentCpu { get; init; } = [];
}
