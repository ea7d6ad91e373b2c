namespace McpOrchestrator.Bench;

/// <summary>One phase of the tool-routing measurement: routed ÷ direct, and, when mcp-hub was measured, routed ÷
/// mcp-hub and mcp-hub ÷ direct (all from the same interleaved rounds).</summary>
public sealed record LivePhase(PathComparison RoutedVsDirect, PathComparison? RoutedVsHub, PathComparison? HubVsDirect);
