namespace McpOrchestrator.Bench;

/// <summary>The health measurement: one sequential client and several concurrent ones, each against its baseline;
/// then the trivial request through the local host against the same request to a minimal ASP.NET Core app, and the
/// floor: the same request through a bare forwarder in front of the minimal app.</summary>
public sealed record HealthResult(
    PathComparison Sequential, PathComparison Concurrent, int WarmUpRequests, int Rounds, PathComparison TrivialSequential, PathComparison TrivialConcurrent,
    PathComparison FloorSequential, PathComparison FloorConcurrent);
