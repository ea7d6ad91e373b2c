using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace McpOrchestrator.DurableTestApp;

/// <summary>HTTP functions over a bound <see cref="DurableTaskClient"/>: start, status, raise, terminate, purge.</summary>
public static class HttpStarters
{
    /// <summary>Starts the named orchestrator with the JSON body as input; 202 with the instance id.</summary>
    [Function(nameof(StartOrchestration))]
    public static async Task<IActionResult> StartOrchestration(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "start/{name}")] HttpRequest request,
        string name,
        [DurableClient] DurableTaskClient client)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        JsonElement? input = body.Length > 0 ? JsonSerializer.Deserialize<JsonElement>(body) : null;
        var instanceId = await client.ScheduleNewOrchestrationInstanceAsync(name, input, request.HttpContext.RequestAborted);
        return new AcceptedResult($"/api/instances/{instanceId}", new { id = instanceId });
    }

    [Function(nameof(GetInstance))]
    public static async Task<IActionResult> GetInstance(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "instances/{instanceId}")] HttpRequest request,
        string instanceId,
        [DurableClient] DurableTaskClient client)
    {
        var metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, request.HttpContext.RequestAborted);
        return metadata is null
            ? new NotFoundResult()
            : new OkObjectResult(new InstanceView(
                metadata.InstanceId,
                metadata.Name,
                metadata.RuntimeStatus.ToString(),
                metadata.SerializedInput,
                metadata.SerializedOutput,
                metadata.SerializedCustomStatus,
                metadata.FailureDetails?.ErrorMessage));
    }

    /// <summary>Waits for the instance to finish (the sidecar's WaitForInstanceCompletion), then answers its view.</summary>
    [Function(nameof(WaitForInstance))]
    public static async Task<IActionResult> WaitForInstance(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "instances/{instanceId}/wait")] HttpRequest request,
        string instanceId,
        [DurableClient] DurableTaskClient client)
    {
        var metadata = await client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, request.HttpContext.RequestAborted);
        return new OkObjectResult(new InstanceView(
            metadata.InstanceId,
            metadata.Name,
            metadata.RuntimeStatus.ToString(),
            metadata.SerializedInput,
            metadata.SerializedOutput,
            metadata.SerializedCustomStatus,
            metadata.FailureDetails?.ErrorMessage));
    }

    [Function(nameof(RaiseEvent))]
    public static async Task<IActionResult> RaiseEvent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "instances/{instanceId}/raise/{eventName}")] HttpRequest request,
        string instanceId,
        string eventName,
        [DurableClient] DurableTaskClient client)
    {
        var payload = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body, cancellationToken: request.HttpContext.RequestAborted);
        await client.RaiseEventAsync(instanceId, eventName, payload, request.HttpContext.RequestAborted);
        return new AcceptedResult();
    }

    [Function(nameof(TerminateInstance))]
    public static async Task<IActionResult> TerminateInstance(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "instances/{instanceId}/terminate")] HttpRequest request,
        string instanceId,
        [DurableClient] DurableTaskClient client)
    {
        await client.TerminateInstanceAsync(instanceId, "terminated over HTTP", request.HttpContext.RequestAborted);
        return new AcceptedResult();
    }

    [Function(nameof(PurgeInstance))]
    public static async Task<IActionResult> PurgeInstance(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "instances/{instanceId}")] HttpRequest request,
        string instanceId,
        [DurableClient] DurableTaskClient client)
    {
        var result = await client.PurgeInstanceAsync(instanceId, cancellation: request.HttpContext.RequestAborted);
        return new OkObjectResult(new { purged = result.PurgedInstanceCount });
    }
}
