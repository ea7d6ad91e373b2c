using McpOrchestrator.Core.Access;
using McpOrchestrator.Core.Problems;
using McpOrchestrator.Core.Publishing;
using McpOrchestrator.Core.Publishing.Deployments;
using McpOrchestrator.Functions.Http;
using McpOrchestrator.Functions.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace McpOrchestrator.Functions.Publishing;

/// <summary>Publishing: start the pipeline, poll and terminate it, deploy and roll back, read what is deployed and the
/// history.</summary>
public sealed class PublishFunctions(PublishingOperations publishing, PublishingHistory history, PublicAddress address)
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
        var management = await publishing.StartAsync(durable, clientId, profileId, body, context.GetPrincipal(), context.CancellationToken);
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
        var (status, completed) = await PublishingOperations.GetStatusAsync(durable, instanceId, cancellationToken);
        if (completed)
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
        var metadata = await PublishingOperations.FindAsync(durable, instanceId, cancellationToken);
        if (metadata.IsCompleted)
        {
            throw Finished(instanceId, metadata.RuntimeStatus);
        }

        await durable.TerminateInstanceAsync(instanceId, "terminated over HTTP", cancellationToken);
        return new AcceptedResult();
    }

    [Function("RaisePipelineEvent")]
    [RequiresScope(Scopes.Write)]
    [OpenApiOperation("publishing", "Send an event to a pipeline", "Raises a named external event with the JSON body as its payload (Durable's sendEventPostUri); no body sends {}.",
        Request = typeof(System.Text.Json.Nodes.JsonObject), RequestOptional = true, SuccessStatus = StatusCodes.Status202Accepted, Errors = [StatusCodes.Status404NotFound, StatusCodes.Status409Conflict])]
    public static async Task<IActionResult> RaisePipelineEvent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/pipelines/{instanceId}/events/{eventName}")] HttpRequest request,
        [DurableClient] DurableTaskClient durable, string instanceId, string eventName, CancellationToken cancellationToken)
    {
        var metadata = await PublishingOperations.FindAsync(durable, instanceId, cancellationToken);
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
        var metadata = await PublishingOperations.FindAsync(durable, instanceId, cancellationToken);
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
        var deployment = await publishing.DeployAsync(clientId, profileId, body.Version, context.GetPrincipal(), context.CancellationToken);
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
        return new OkObjectResult(await publishing.GetDeployedAsync(clientId, profileId, version, cancellationToken));
    }

    [Function("GetConfigHistory")]
    [RequiresScope(Scopes.Read)]
    [OpenApiOperation("publishing", "Publishing history",
        "Published versions and deployments of a profile, each newest first; a page holds up to limit of each, and nextLink is there while either has more.",
        Response = typeof(ConfigHistory))]
    [OpenApiPaged]
    public async Task<IActionResult> GetConfigHistory(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ProfileRoute + "/history")] HttpRequest request,
        string clientId, string profileId, CancellationToken cancellationToken)
    {
        CheckIds(clientId, profileId);
        var page = PageQuery.Read(request);
        var read = await history.ReadPageAsync(clientId, profileId, page, cancellationToken);
        var next = PageQuery.NextLink(address, $"/v1/config/{clientId}/{profileId}/history", page, read.Next);
        return new OkObjectResult(new ConfigHistory(clientId, profileId, read.Artifacts, read.Deployments, next));
    }

    private static ProblemException Finished(string instanceId, OrchestrationRuntimeStatus status) => new(new Problem
    {
        Status = StatusCodes.Status409Conflict,
        Code = "pipeline_finished",
        Title = "Pipeline finished",
        Detail = $"Pipeline {instanceId} has already finished ({status}).",
    });

    private static void CheckIds(string clientId, string profileId)
    {
        RouteIds.Require(clientId, "client id");
        RouteIds.Require(profileId, "profile id");
    }
}
