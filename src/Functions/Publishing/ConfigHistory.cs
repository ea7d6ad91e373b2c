using McpOrchestrator.Core.Publishing.Artifacts;
using McpOrchestrator.Core.Publishing.Deployments;

namespace McpOrchestrator.Functions.Publishing;

/// <summary><c>GET .../history</c>: published versions and deployments, newest first.</summary>
public sealed record ConfigHistory(string ClientId, string ProfileId, IReadOnlyList<ArtifactSummary> Artifacts, IReadOnlyList<Deployment> Deployments);
