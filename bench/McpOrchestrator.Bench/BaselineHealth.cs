namespace McpOrchestrator.Bench;

/// <summary>The body of the baseline host's <c>GET /health</c>.</summary>
public sealed record BaselineHealth(string Status);
