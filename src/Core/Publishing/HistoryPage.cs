using McpOrchestrator.Core.Publishing.Artifacts;
using McpOrchestrator.Core.Publishing.Deployments;

namespace McpOrchestrator.Core.Publishing;

/// <summary>One page of a profile's history: up to a page's limit of published versions and, independently, of
/// deployments, each newest first; <see cref="Next"/> is the cursor of the next page while either has more.</summary>
public sealed record HistoryPage(IReadOnlyList<ArtifactSummary> Artifacts, IReadOnlyList<Deployment> Deployments, string? Next);
