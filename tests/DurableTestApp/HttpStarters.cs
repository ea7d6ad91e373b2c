using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace McpOrchestrator.DurableTestApp;

/// <summary>HTTP functions that start and query orchestrations through a bound <see cref="DurableTaskClient"/>.</summary>
public static class HttpStarters
{
    /// <summary>Starts the named orchestrator with the JSON body as input; answers 202 with the management payload.</summary>
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
        var payload = client.CreateHttpManagementPayload(instanceId);
        return new AcceptedResult(payload.StatusQueryGetUri, payload);
    }

    [Function(nameof(GetOrchestration))]
    public static async Task<IActionResult> GetOrchestration(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "instances/{instanceId}")] HttpRequest request,
        string instanceId,
        [DurableClient] DurableTaskClient client)
    {
        var metadata = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, request.HttpContext.RequestAborted);
        return metadata is null
            ? new NotFoundResult()
            : new OkObjectResult(new { metadata.InstanceId, metadata.Name, Status = metadata.RuntimeStatus.ToString(), metadata.SerializedOutput, metadata.SerializedCustomStatus });
    }
}
