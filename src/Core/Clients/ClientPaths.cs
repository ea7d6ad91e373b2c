namespace McpOrchestrator.Core.Clients;

/// <summary>Where a client keeps its MCP configuration on each OS (<c>~</c> and <c>%APPDATA%</c>-style
/// variables unexpanded); null where the client has no build for that OS.</summary>
public sealed record ClientPaths(string? MacOS, string? Windows, string? Linux);
