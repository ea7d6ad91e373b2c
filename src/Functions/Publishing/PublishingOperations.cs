using McpOrchestrator.Core.Access;
using McpOrchestrator.Core.Clients;
using McpOrchestrator.Core.Formats;
using McpOrchestrator.Core.Problems;
using McpOrchestrator.Core.Profiles;
using McpOrchestrator.Core.Publishing;
using McpOrchestrator.Core.Publishing.Artifacts;
using McpOrchestrator.Core.Publishing.Deployments;
using McpOrchestrator.Core.Signing;
using McpOrchestrator.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace McpOrchestrator.Functions.Publishing;

/// <summary>What publishing does, for every surface that offers it (the REST functions and the MCP endpoint's
/// management tools): start the pipeline, read its status, deploy or roll back, read what is deployed. Same checks,
/// same problems, whichever way it is asked.</summary>
public sealed class PublishingOperations(
    ProfileService profiles,
    SigningKeyService signing,
    ClientCatalog clients,
    NativeConfigFormats formats,
    DeployedConfigs deployed,
    DeploymentStore deployments,
    IEnumerable<IDeploymentObserver> observers,
    PublicAddress address)
{
    /// <summary>Starts the publish pipeline for a profile after the checks that need no pipeline (changelog length,
    /// the profile exists, a usable signing key); answers with its id and management links.</summary>
    public async Task<PipelineManagement> StartAsync(
        DurableTaskClient durable, string clientId, string profileId, PublishRequestBody body, Principal requestedBy, CancellationToken cancellationToken)
    {
        if (body.Changelog is { Length: > ArtifactStore.MaxChangelogLength })
        {
            throw new ProblemException(new Problem
            {
                Status = StatusCodes.Status400BadRequest,
                Code = "changelog_too_long",
                Title = "Bad Request",
                Detail = $"The changelog has {body.Changelog.Length} characters; keep it to {ArtifactStore.MaxChangelogLength}.",
            });
        }

        await profiles.GetAsync(clientId, profileId, cancellationToken);
        var key = await signing.GetStatusAsync(cancellationToken);
        if (!key.Usable)
        {
            throw new ProblemException(new Problem
            {
                Status = StatusCodes.Status409Conflict,
                Code = key.Present ? "signing_key_unavailable" : "keys_not_initialized",
                Title = key.Present ? "Signing key unavailable" : "Signing keys not initialized",
                Detail = key.Detail ?? "No signing key exists; an administrator creates one with POST /v1/keys/initialize.",
            });
        }

        var instanceId = await durable.ScheduleNewOrchestrationInstanceAsync(new TaskName(PublishPipeline.Name), new PublishPipelineInput
        {
            ClientId = clientId,
            ProfileId = profileId,
            Changelog = body.Changelog,
            Deploy = body.Deploy,
            Probe = body.Probe,
            RequestedBy = requestedBy.Id,
        }, cancellationToken);
        return Management(instanceId);
    }

    /// <summary>A publish pipeline's status; 404 <c>pipeline_not_found</c> for an id that names none.</summary>
    public static async Task<(PipelineStatus Status, bool Completed)> GetStatusAsync(DurableTaskClient durable, string instanceId, CancellationToken cancellationToken)
    {
        var metadata = await FindAsync(durable, instanceId, cancellationToken);
        var status = new PipelineStatus(
            metadata.Name,
            metadata.InstanceId,
            metadata.RuntimeStatus.ToString(),
            metadata.ReadInputAs<PublishPipelineInput>(),
            metadata.ReadCustomStatusAs<PipelineStep>(),
            metadata.ReadOutputAs<PublishPipelineOutput>(),
            metadata.CreatedAt,
            metadata.LastUpdatedAt,
            metadata.FailureDetails?.ToString());
        return (status, metadata.IsCompleted);
    }

    /// <summary>The instance of a publish pipeline; 404 <c>pipeline_not_found</c> for an id that names none.</summary>
    public static async Task<OrchestrationMetadata> FindAsync(DurableTaskClient durable, string instanceId, CancellationToken cancellationToken)
    {
        var metadata = instanceId.Length is > 0 and <= 100 && instanceId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            ? await durable.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken)
            : null;
        return metadata is not null && metadata.Name == PublishPipeline.Name
            ? metadata
            : throw new ProblemException(new Problem
            {
                Status = StatusCodes.Status404NotFound,
                Code = "pipeline_not_found",
                Title = "Pipeline not found",
                Detail = "There is no publish pipeline with this id. POST .../publish answers with the id of the pipeline it starts.",
            });
    }

    /// <summary>Deploys a version (the latest when <paramref name="version"/> is null; an older one is a rollback)
    /// and tells the observers (the live set, when it is the orchestrator's profile).</summary>
    public async Task<Deployment> DeployAsync(string clientId, string profileId, int? version, Principal deployedBy, CancellationToken cancellationToken)
    {
        await profiles.GetAsync(clientId, profileId, cancellationToken);
        var deployment = await deployments.DeployAsync(new DeployRequest
        {
            ClientId = clientId,
            ProfileId = profileId,
            Version = version,
            DeployedBy = deployedBy.Id,
        }, cancellationToken);
        foreach (var observer in observers)
        {
            await observer.DeployedAsync(deployment, cancellationToken);
        }

        return deployment;
    }

    /// <summary>The deployed version (or <paramref name="version"/>) with its payload, native rendering and signature.</summary>
    public async Task<DeployedConfigView> GetDeployedAsync(string clientId, string profileId, int? version, CancellationToken cancellationToken)
    {
        var (artifact, payload) = await deployed.GetAsync(clientId, profileId, version, cancellationToken);
        var current = await deployments.GetCurrentAsync(clientId, profileId, cancellationToken);
        string? rendered = null;
        if (clients.Find(clientId) is { } client)
        {
            try
            {
                rendered = formats.Render(payload.Servers, client);
            }
            catch (ProblemException)
            {
                // A payload the client's file cannot hold (it was published for another purpose) has no rendering.
            }
        }

        return new DeployedConfigView(
            clientId, profileId, artifact.Version, artifact.ArtifactId, current?.Version == artifact.Version, artifact.CreatedAt,
            artifact.PublishedBy, artifact.Changelog, artifact.Payload, rendered, artifact.Signature, artifact.Kid);
    }

    private PipelineManagement Management(string instanceId)
    {
        var status = address.Link($"/v1/pipelines/{instanceId}");
        return new PipelineManagement(instanceId, status, status + "/events/{eventName}", status + "/terminate", status);
    }
}
