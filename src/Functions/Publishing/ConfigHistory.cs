using System.Text.Json.Serialization;
using McpOrchestrator.Core.Publishing.Artifacts;
using McpOrchestrator.Core.Publishing.Deployments;

namespace McpOrchestrator.Functions.Publishing;

/// <summary><c>GET .../history</c>: one page of published versions and of deployments, each newest first, and while
/// either has more, <see cref="NextLink"/>.</summary>
public sealed record ConfigHistory(
    string ClientId,
    string ProfileId,
    IReadOnlyList<ArtifactSummary> Artifacts,
    IReadOnlyList<Deployment> Deployments,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NextLink = null);
