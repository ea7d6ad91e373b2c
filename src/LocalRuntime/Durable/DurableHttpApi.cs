using System.Globalization;
using System.Text.Json;
using McpOrchestrator.Core.Storage;
using McpOrchestrator.LocalRuntime.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace McpOrchestrator.LocalRuntime.Durable;

/// <summary>The part of the Functions host's built-in Durable HTTP API that the management payload's URLs point at
/// (<c>/runtime/webhooks/durabletask/instances/{id}</c>): status (GET), raise event, terminate, purge (DELETE), with
/// the host's status codes and camelCase bodies. As under Core Tools, no system key is required locally.</summary>
internal static class DurableHttpApi
{
    private const string InstancePath = "/runtime/webhooks/durabletask/instances/{instanceId}";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(InstancePath, GetStatusAsync).WithDisplayName("DurableTask.GetStatus");
        endpoints.MapDelete(InstancePath, PurgeAsync).WithDisplayName("DurableTask.Purge");
        endpoints.MapPost(InstancePath + "/raiseEvent/{eventName}", RaiseEventAsync).WithDisplayName("DurableTask.RaiseEvent");
        endpoints.MapPost(InstancePath + "/terminate", TerminateAsync).WithDisplayName("DurableTask.Terminate");
    }

    private static async Task GetStatusAsync(HttpContext http)
    {
        var client = Client(http);
        var instanceId = (string)http.Request.RouteValues["instanceId"]!;
        var (ok, metadata) = await GuardAsync(http, () => client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, http.RequestAborted));
        if (!ok)
        {
            return;
        }

        if (metadata is null)
        {
            await NotFoundAsync(http, instanceId);
            return;
        }

        var showInput = !bool.TryParse(http.Request.Query["showInput"], out var show) || show;
        var failAs500 = bool.TryParse(http.Request.Query["returnInternalServerErrorOnFailure"], out var fail) && fail;
        var body = new Dictionary<string, object?>
        {
            ["name"] = metadata.Name,
            ["instanceId"] = metadata.InstanceId,
            ["runtimeStatus"] = metadata.RuntimeStatus.ToString(),
            ["input"] = showInput ? Raw(metadata.SerializedInput) : null,
            ["customStatus"] = Raw(metadata.SerializedCustomStatus),
            ["output"] = metadata.FailureDetails is { } failure ? failure.ErrorMessage : Raw(metadata.SerializedOutput),
            ["createdTime"] = metadata.CreatedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["lastUpdatedTime"] = metadata.LastUpdatedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        };
        switch (metadata.RuntimeStatus)
        {
            case OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Terminated:
                http.Response.StatusCode = StatusCodes.Status200OK;
                break;
            case OrchestrationRuntimeStatus.Failed:
                http.Response.StatusCode = failAs500 ? StatusCodes.Status500InternalServerError : StatusCodes.Status200OK;
                break;
            default:
                http.Response.StatusCode = StatusCodes.Status202Accepted;
                http.Response.Headers.Location = http.Request.GetEncodedUrl();
                http.Response.Headers.RetryAfter = "5";
                break;
        }

        await http.Response.WriteAsJsonAsync(body, http.RequestAborted);
    }

    private static async Task PurgeAsync(HttpContext http)
    {
        var instanceId = (string)http.Request.RouteValues["instanceId"]!;
        var (ok, result) = await GuardAsync(http, () => Client(http).PurgeInstanceAsync(instanceId, http.RequestAborted));
        if (!ok || result is null)
        {
            return;
        }

        if (result.PurgedInstanceCount == 0)
        {
            await NotFoundAsync(http, instanceId);
            return;
        }

        await http.Response.WriteAsJsonAsync(new Dictionary<string, int> { ["instancesDeleted"] = result.PurgedInstanceCount }, http.RequestAborted);
    }

    private static async Task RaiseEventAsync(HttpContext http)
    {
        var instanceId = (string)http.Request.RouteValues["instanceId"]!;
        var eventName = (string)http.Request.RouteValues["eventName"]!;
        JsonElement? payload = null;
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync(http.RequestAborted);
        if (body.Length > 0)
        {
            try
            {
                payload = JsonSerializer.Deserialize<JsonElement>(body);
            }
            catch (JsonException)
            {
                await RuntimeProblem.WriteAsync(http, 400, "invalid_request", "Bad Request", "The event payload must be JSON.");
                return;
            }
        }

        if (await RequireRunningAsync(http, instanceId) is not { } client)
        {
            return;
        }

        if ((await GuardAsync(http, async () => { await client.RaiseEventAsync(instanceId, eventName, payload, http.RequestAborted); return true; })).Ok)
        {
            http.Response.StatusCode = StatusCodes.Status202Accepted;
        }
    }

    private static async Task TerminateAsync(HttpContext http)
    {
        var instanceId = (string)http.Request.RouteValues["instanceId"]!;
        string? reason = http.Request.Query["reason"];
        if (await RequireRunningAsync(http, instanceId) is not { } client)
        {
            return;
        }

        if ((await GuardAsync(http, async () => { await client.TerminateInstanceAsync(instanceId, reason, http.RequestAborted); return true; })).Ok)
        {
            http.Response.StatusCode = StatusCodes.Status202Accepted;
        }
    }

    private static async Task<DurableTaskClient?> RequireRunningAsync(HttpContext http, string instanceId)
    {
        var client = Client(http);
        var (ok, metadata) = await GuardAsync(http, () => client.GetInstanceAsync(instanceId, http.RequestAborted));
        if (!ok)
        {
            return null;
        }

        if (metadata is null)
        {
            await NotFoundAsync(http, instanceId);
            return null;
        }

        if (metadata.IsCompleted)
        {
            await RuntimeProblem.WriteAsync(http, 410, "instance_ended", "Gone", $"Instance '{instanceId}' has ended ({metadata.RuntimeStatus}).");
            return null;
        }

        return client;
    }

    private static LocalDurableTaskClient Client(HttpContext http) => http.RequestServices.GetRequiredService<DurableClientProvider>().GetClient();

    private static JsonElement? Raw(string? json) => json is null ? null : JsonDocument.Parse(json).RootElement.Clone();

    private static Task NotFoundAsync(HttpContext http, string instanceId) =>
        RuntimeProblem.WriteAsync(http, 404, "instance_not_found", "Not Found", $"No orchestration instance '{instanceId}' in this task hub.");

    // Storage down or a malformed instance id: answer like the rest of the runtime instead of failing the request.
    private static async Task<(bool Ok, T? Value)> GuardAsync<T>(HttpContext http, Func<Task<T>> action)
    {
        try
        {
            return (true, await action());
        }
        catch (StorageUnavailableException)
        {
            http.Response.Headers.RetryAfter = "5";
            await RuntimeProblem.WriteAsync(http, 503, "storage_unavailable", "Service Unavailable", "Table storage is unavailable; try again shortly.");
        }
        catch (ArgumentException e)
        {
            await RuntimeProblem.WriteAsync(http, 400, "invalid_request", "Bad Request", e.Message);
        }

        return (false, default);
    }
}
