using McpOrchestrator.Core.Mcp;

namespace McpOrchestrator.Functions.Live;

/// <summary><c>GET /v1/connections</c>: the profile of client <c>orchestrator</c> that is live, the deployed version
/// it follows, and one row per live server.</summary>
public sealed record ConnectionList(string Profile, int? Version, IReadOnlyList<LiveConnectionStatus> Connections);
