namespace McpOrchestrator.Bench;

/// <summary>The health measurement: one sequential client and several concurrent ones, each against its baseline.</summary>
public sealed record HealthResult(PathComparison Sequential, PathComparison Concurrent, int WarmUpRequests, int Rounds);
