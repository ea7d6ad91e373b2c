namespace McpOrchestrator.Bench;

/// <summary>The auth measurement: one sequential client and several concurrent ones, each phase with every path's
/// figures and the ratios between them.</summary>
/// <param name="Sequential">The phase with one client.</param>
/// <param name="Concurrent">The phase with <c>--clients</c> clients.</param>
/// <param name="WarmUpRequests">Unmeasured calls per path and client count before the phases.</param>
/// <param name="Rounds">Interleaved rounds per phase.</param>
/// <param name="CacheTtl">The validation cache TTL of the app with the cache (the default of <c>AccessOptions</c>).</param>
/// <param name="TokensListed">How many tokens <c>GET /v1/tokens</c> listed while it was measured (the same on every call).</param>
public sealed record AuthResult(AuthPhase Sequential, AuthPhase Concurrent, int WarmUpRequests, int Rounds, TimeSpan CacheTtl, int TokensListed);

/// <summary>One phase of the auth measurement.</summary>
/// <param name="Clients">Concurrent clients in this phase.</param>
/// <param name="Paths">Each path's figures, in the order they are described in the report.</param>
/// <param name="Ratios">The comparisons the report shows, each with its label.</param>
public sealed record AuthPhase(int Clients, IReadOnlyList<LatencySummary> Paths, IReadOnlyList<LabeledComparison> Ratios);

/// <summary>A comparison and what it isolates, as the report labels it.</summary>
public sealed record LabeledComparison(string Label, PathComparison Comparison);
