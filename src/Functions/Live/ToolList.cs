using McpOrchestrator.Core.Live;

namespace McpOrchestrator.Functions.Live;

/// <summary><c>GET /v1/tools</c>: every tool of every live server, by listed name.</summary>
public sealed record ToolList(int Count, IReadOnlyList<LiveTool> Tools);
