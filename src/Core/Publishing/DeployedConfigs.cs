using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Problems;
using McpOrchestrator.Core.Publishing.Artifacts;
using McpOrchestrator.Core.Publishing.Deployments;

namespace McpOrchestrator.Core.Publishing;

/// <summary>Reads what is deployed for a profile (or a given published version): the artifact and its payload.</summary>
public sealed class DeployedConfigs(DeploymentStore deployments, ArtifactStore artifacts)
{
    /// <summary>The deployed artifact, or version <paramref name="version"/> when given; 404 <c>nothing_deployed</c> /
    /// <c>version_not_found</c> otherwise.</summary>
    public async Task<(Artifact Artifact, ConfigPayload Payload)> GetAsync(string clientId, string profileId, int? version, CancellationToken cancellationToken)
    {
        var wanted = version;
        if (wanted is null)
        {
            var current = await deployments.GetCurrentAsync(clientId, profileId, cancellationToken)
                ?? throw new ProblemException(new Problem
                {
                    Status = 404,
                    Code = "nothing_deployed",
                    Title = "Nothing deployed",
                    Detail = $"No version of {clientId}/{profileId} is deployed. Publish with POST /v1/config/{clientId}/{profileId}/publish and deploy it, or ask for ?version=N.",
                });
            wanted = current.Version;
        }

        var artifact = await artifacts.GetAsync(clientId, profileId, wanted.Value, cancellationToken)
            ?? throw new ProblemException(new Problem
            {
                Status = 404,
                Code = "version_not_found",
                Title = "Version not found",
                Detail = $"{clientId}/{profileId} has no published version {wanted}. GET /v1/config/{clientId}/{profileId}/history lists the versions.",
            });
        return (artifact, ConfigPayload.FromJson(artifact.Payload));
    }
}
