using McpOrchestrator.LocalRuntime.Durable;
using Microsoft.Azure.Functions.Worker.Http;
using Microsoft.DurableTask.Client;

namespace Microsoft.Azure.Functions.Worker;

/// <summary>The Durable extension's helpers for HTTP starters. Only <see cref="CreateHttpManagementPayload"/> is
/// declared: the check-status responses take <see cref="HttpRequestData"/>, which the local runtime (ASP.NET Core
/// integration) does not bind; return the payload from an <c>IActionResult</c> instead.</summary>
public static class DurableTaskClientExtensions
{
    /// <summary>The management URLs of an instance. Without <paramref name="request"/> they are built on the client's
    /// base URL (the host's <c>/runtime/webhooks/durabletask</c>) and carry its <c>taskHub</c> and <c>connection</c> query.</summary>
    /// <exception cref="ArgumentException"><paramref name="instanceId"/> is null or empty.</exception>
    /// <exception cref="InvalidOperationException">Neither the client nor the request gives a base URL.</exception>
    public static HttpManagementPayload CreateHttpManagementPayload(this DurableTaskClient client, string instanceId, HttpRequestData? request = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (string.IsNullOrEmpty(instanceId))
        {
            throw new ArgumentException("InstanceId cannot be null or empty.", nameof(instanceId));
        }

        var local = client as LocalDurableTaskClient;
        var baseUrl = request is not null
            ? $"{request.Url.GetLeftPart(UriPartial.Authority)}/runtime/webhooks/durabletask"
            : local?.HttpBaseUrl
                ?? throw new InvalidOperationException("Failed to create HTTP management payload as base URL is null. Either use Functions bindings or provide an HTTP request to create the HttpPayload.");
        var instanceUrl = $"{baseUrl}/instances/{Uri.EscapeDataString(instanceId)}";
        var query = local?.QueryString;
        return new HttpManagementPayload
        {
            Id = instanceId,
            PurgeHistoryDeleteUri = WithQuery(instanceUrl, query),
            SendEventPostUri = WithQuery($"{instanceUrl}/raiseEvent/{{eventName}}", query),
            StatusQueryGetUri = WithQuery(instanceUrl, query),
            TerminatePostUri = WithQuery($"{instanceUrl}/terminate", "reason={{text}}", query),
            SuspendPostUri = WithQuery($"{instanceUrl}/suspend", "reason={{text}}", query),
            ResumePostUri = WithQuery($"{instanceUrl}/resume", "reason={{text}}", query),
        };
    }

    private static string WithQuery(string url, params string?[] parts)
    {
        var separator = '?';
        foreach (var part in parts)
        {
            if (!string.IsNullOrEmpty(part))
            {
                url += separator + part;
                separator = '&';
            }
        }

        return url;
    }
}
