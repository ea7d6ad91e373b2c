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
using McpOrchestrator.Functions.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace McpOrchestrator.Functions.Publishing;

/// <summary>Publishing: start the pipeline, poll and terminate it, deploy and roll back, read what is deployed and the
/// history.</summary>
public sealed class PublishFunctions(
    ProfileService profiles,
    SigningKeyService signing,
    ClientCatalog clients,
    NativeConfigFormats formats,
    DeployedConfigs deployed,
    ArtifactStore artifacts,
    DeploymentStore deployments,
    IEnumerable<IDeploymentObserver> observers,
    PublicAddress address)
{
    private const string ProfileRoute = "v1/config/{clientId}/{profileId}";

    [Function("PublishConfig")]
    [RequiresScope(Scopes.Write)]
    [OpenApiOperation("publishing", "Publish a draft",
        "Starts the publish pipeline (snapshot → validate → probe when asked → sign → store → deploy when asked). 202 with Location and the management URIs; poll the status URI until 200. Output: {outcome: published|rejected, version, artifactId, deployed, validation}.",
        Request = typeof(PublishRequestBody), RequestOptional = true, Response = typeof(PipelineManagement), SuccessStatus = StatusCodes.Status202Accepted,
        Errors = [StatusCodes.Status404NotFound, StatusCodes.Status409Conflict])]
    public async Task<IActionResult> PublishConfig(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ProfileRoute + "/publish")] HttpRequest request,
        [DurableClient] DurableTaskClient durable, string clientId, string profileId, FunctionContext context)
    {
        CheckIds(clientId, profileId);
        var body = await RequestBody.ReadOptionalAsync(request, new PublishRequestBody(), context.CancellationToken);
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

        await profiles.GetAsync(clientId, profileId, context.CancellationToken);
        var key = await signing.GetStatusAsync(context.CancellationToken);
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
            RequestedBy = context.GetPrincipal().Id,
        }, context.CancellationToken);
        var management = Management(instanceId);
        request.HttpContext.Response.Headers.Location = management.StatusQueryGetUri;
        return new ObjectResult(management) { StatusCode = StatusCodes.Status202Accepted };
    }

    [Function("GetPipeline")]
    [RequiresScope(Scopes.Read)]
    [OpenApiOperation("publishing", "Pipeline status",
        "Durable status {name, instanceId, runtimeStatus, input, customStatus (the current step), output, createdTime, lastUpdatedTime}: 202 with Retry-After while it runs, 200 when it has finished.",
        Response = typeof(PipelineStatus), Errors = [StatusCodes.Status404NotFound])]
    public static async Task<IActionResult> GetPipeline(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/pipelines/{instanceId}")] HttpRequest request,
        [DurableClient] DurableTaskClient durable, string instanceId, CancellationToken cancellationToken)
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
        if (metadata.IsCompleted)
        {
            return new OkObjectResult(status);
        }

        request.HttpContext.Response.Headers.RetryAfter = "1";
        return new ObjectResult(status) { StatusCode = StatusCodes.Status202Accepted };
    }

    [Function("TerminatePipeline")]
    [RequiresScope(Scopes.Write)]
    [OpenApiOperation("publishing", "Terminate a pipeline", "Stops a running pipeline; a version already stored stays. 409 when it has already finished.",
        SuccessStatus = StatusCodes.Status202Accepted, Errors = [StatusCodes.Status404NotFound, StatusCodes.Status409Conflict])]
    public static async Task<IActionResult> TerminatePipeline(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/pipelines/{instanceId}/terminate")] HttpRequest request,
        [DurableClient] DurableTaskClient durable, string instanceId, CancellationToken cancellationToken)
    {
        var metadata = await FindAsync(durable, instanceId, cancellationToken);
        if (metadata.IsCompleted)
        {
            throw Finished(instanceId, metadata.RuntimeStatus);
        }

        await durable.TerminateInstanceAsync(instanceId, "terminated over HTTP", cancellationToken);
        return new AcceptedResult();
    }

    [Function("RaisePipelineEvent")]
    [RequiresScope(Scopes.Write)]
    [OpenApiOperation("publishing", "Send an event to a pipeline", "Raises a named external event with the JSON body as its payload (Durable's sendEventPostUri).",
        SuccessStatus = StatusCodes.Status202Accepted, Errors = [StatusCodes.Status404NotFound, StatusCodes.Status409Conflict])]
    public static async Task<IActionResult> RaisePipelineEvent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/pipelines/{instanceId}/events/{eventName}")] HttpRequest request,
        [DurableClient] DurableTaskClient durable, string instanceId, string eventName, CancellationToken cancellationToken)
    {
        var metadata = await FindAsync(durable, instanceId, cancellationToken);
        RouteIds.Require(eventName.ToLowerInvariant(), "event name");
        if (metadata.IsCompleted)
        {
            throw Finished(instanceId, metadata.RuntimeStatus);
        }

        var payload = await RequestBody.ReadOptionalAsync(request, new System.Text.Json.Nodes.JsonObject(), cancellationToken);
        await durable.RaiseEventAsync(instanceId, eventName, payload, cancellationToken);
        return new AcceptedResult();
    }

    [Function("PurgePipeline")]
    [RequiresScope(Scopes.Write)]
    [OpenApiOperation("publishing", "Purge a finished pipeline's history", "Deletes the pipeline's recorded history (Durable's purgeHistoryDeleteUri). 409 while it runs.",
        SuccessStatus = StatusCodes.Status204NoContent, Errors = [StatusCodes.Status404NotFound, StatusCodes.Status409Conflict])]
    public static async Task<IActionResult> PurgePipeline(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/pipelines/{instanceId}")] HttpRequest request,
        [DurableClient] DurableTaskClient durable, string instanceId, CancellationToken cancellationToken)
    {
        var metadata = await FindAsync(durable, instanceId, cancellationToken);
        if (!metadata.IsCompleted)
        {
            throw new ProblemException(new Problem
            {
                Status = StatusCodes.Status409Conflict,
                Code = "pipeline_running",
                Title = "Pipeline running",
                Detail = $"Pipeline {instanceId} is {metadata.RuntimeStatus}; terminate it or wait for it to finish before purging its history.",
            });
        }

        await durable.PurgeInstanceAsync(instanceId, cancellation: cancellationToken);
        return new NoContentResult();
    }

    [Function("DeployConfig")]
    [RequiresScope(Scopes.Write)]
    [OpenApiOperation("publishing", "Deploy a version",
        "{version?} (the latest when absent). Deploying an older version is a rollback; the history keeps every deployment.",
        Request = typeof(DeployRequestBody), RequestOptional = true, Response = typeof(Deployment), Errors = [StatusCodes.Status404NotFound])]
    public async Task<IActionResult> DeployConfig(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ProfileRoute + "/deploy")] HttpRequest request,
        string clientId, string profileId, FunctionContext context)
    {
        CheckIds(clientId, profileId);
        var body = await RequestBody.ReadOptionalAsync(request, new DeployRequestBody(), context.CancellationToken);
        await profiles.GetAsync(clientId, profileId, context.CancellationToken);
        var deployment = await deployments.DeployAsync(new DeployRequest
        {
            ClientId = clientId,
            ProfileId = profileId,
            Version = body.Version,
            DeployedBy = context.GetPrincipal().Id,
        }, context.CancellationToken);
        foreach (var observer in observers)
        {
            await observer.DeployedAsync(deployment, context.CancellationToken);
        }

        return new OkObjectResult(deployment);
    }

    [Function("GetDeployedConfig")]
    [RequiresScope(Scopes.Read)]
    [OpenApiOperation("publishing", "The deployed configuration",
        "The deployed artifact (or ?version=N): payload, native rendering, artifactId, version, signature (JWS, ES256) and kid. 404 when nothing is deployed.",
        Response = typeof(DeployedConfigView), Errors = [StatusCodes.Status404NotFound])]
    [OpenApiQuery("version", "A published version instead of the deployed one", Type = "integer")]
    public async Task<IActionResult> GetDeployedConfig(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ProfileRoute)] HttpRequest request,
        string clientId, string profileId, CancellationToken cancellationToken)
    {
        CheckIds(clientId, profileId);
        var version = QueryFlags.ReadInt(request, "version", 1, int.MaxValue);
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

        return new OkObjectResult(new DeployedConfigView(
            clientId, profileId, artifact.Version, artifact.ArtifactId, current?.Version == artifact.Version, artifact.CreatedAt,
            artifact.PublishedBy, artifact.Changelog, artifact.Payload, rendered, artifact.Signature, artifact.Kid));
    }

    [Function("GetConfigHistory")]
    [RequiresScope(Scopes.Read)]
    [OpenApiOperation("publishing", "Publishing history", "Published versions and deployments of a profile, newest first.", Response = typeof(ConfigHistory))]
    public async Task<IActionResult> GetConfigHistory(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ProfileRoute + "/history")] HttpRequest request,
        string clientId, string profileId, CancellationToken cancellationToken)
    {
        CheckIds(clientId, profileId);
        var versions = await artifacts.ListAsync(clientId, profileId, cancellationToken);
        var history = await deployments.ListAsync(clientId, profileId, cancellationToken);
        return new OkObjectResult(new ConfigHistory(clientId, profileId, versions, history));
    }

    private static async Task<OrchestrationMetadata> FindAsync(DurableTaskClient durable, string instanceId, CancellationToken cancellationToken)
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

    private static ProblemException Finished(string instanceId, OrchestrationRuntimeStatus status) => new(new Problem
    {
        Status = StatusCodes.Status409Conflict,
        Code = "pipeline_finished",
        Title = "Pipeline finished",
        Detail = $"Pipeline {instanceId} has already finished ({status}).",
    });

    private PipelineManagement Management(string instanceId)
    {
        var status = address.Link($"/v1/pipelines/{instanceId}");
        return new PipelineManagement(instanceId, status, status + "/events/{eventName}", status + "/terminate", status);
    }

    private static void CheckIds(string clientId, string profileId)
    {
        RouteIds.Require(clientId, "client id");
        RouteIds.Require(profileId, "profile id");
    }
}
