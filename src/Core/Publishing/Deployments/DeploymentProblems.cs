using System.Globalization;
using McpOrchestrator.Core.Problems;

namespace McpOrchestrator.Core.Publishing.Deployments;

/// <summary>The problems of deployments beyond the artifact ones (<c>version_not_found</c>,
/// <c>nothing_published</c>): 400 <c>invalid_version</c>.</summary>
public static class DeploymentProblems
{
    public static Problem InvalidVersion(int version) => new()
    {
        Status = 400,
        Code = "invalid_version",
        Title = "Invalid version",
        Detail = $"Version {version.ToString(CultureInfo.InvariantCulture)} is not a version number: versions start at 1. Leave version out to deploy the latest.",
    };
}
