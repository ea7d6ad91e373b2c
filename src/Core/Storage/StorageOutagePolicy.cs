using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Logging;

namespace McpOrchestrator.Core.Storage;

/// <summary>
/// The outage detection of every Table client: a per-call policy (outside the SDK's retries) that turns "storage
/// could not be reached after the retries" (connection refused, DNS failure, network timeout) and a final 503 into
/// <see cref="StorageUnavailableException"/>, which every edge answers with 503 <c>storage_unavailable</c>. Nothing is
/// cached: the next call tries again, so recovery needs no restart. A caller's own cancellation stays a cancellation.
/// </summary>
internal sealed class StorageOutagePolicy(ILogger logger) : HttpPipelinePolicy
{
    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        try
        {
            ProcessNext(message, pipeline);
        }
        catch (Exception exception) when (!message.CancellationToken.IsCancellationRequested && IsTransportFailure(exception))
        {
            throw Unreachable(message, exception);
        }

        ThrowIfBusy(message);
    }

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        try
        {
            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        }
        catch (Exception exception) when (!message.CancellationToken.IsCancellationRequested && IsTransportFailure(exception))
        {
            throw Unreachable(message, exception);
        }

        ThrowIfBusy(message);
    }

    internal static bool IsTransportFailure(Exception exception) => exception switch
    {
        RequestFailedException { Status: 0 } => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsTransportFailure),
        HttpRequestException or IOException or TimeoutException or OperationCanceledException => true,
        _ => false,
    };

    private StorageUnavailableException Unreachable(HttpMessage message, Exception exception)
    {
        var endpoint = Endpoint(message);
        var reason = Describe(exception);
        StorageLog.StorageUnreachable(logger, endpoint, reason);
        return new StorageUnavailableException($"Table storage at {endpoint} could not be reached ({reason}).", exception);
    }

    private void ThrowIfBusy(HttpMessage message)
    {
        if (message.HasResponse && message.Response.Status == 503)
        {
            var endpoint = Endpoint(message);
            StorageLog.StorageBusy(logger, endpoint);
            var code = message.Response.Headers.TryGetValue("x-ms-error-code", out var header) ? header : null;
            throw new StorageUnavailableException(
                $"Table storage at {endpoint} is unavailable: 503 {code ?? "(no error code)"} after retries.");
        }
    }

    // Scheme, host and port only: never a path (which holds keys) or a query (which may hold a SAS).
    private static string Endpoint(HttpMessage message)
    {
        var uri = message.Request.Uri.ToUri();
        return uri.GetLeftPart(UriPartial.Authority);
    }

    /// <summary>The root cause in a few words ("Connection refused (127.0.0.1:10002)", "no answer before the network
    /// timeout"), without Azure.Core's retry boilerplate.</summary>
    private static string Describe(Exception exception) => exception switch
    {
        AggregateException { InnerExceptions.Count: > 0 } aggregate => Describe(aggregate.InnerExceptions[^1]),
        RequestFailedException { InnerException: { } inner } => Describe(inner),
        HttpRequestException { InnerException: System.Net.Sockets.SocketException socket } http => http.Message.Length > 0 ? http.Message : socket.Message,
        TimeoutException or OperationCanceledException => "no answer before the network timeout",
        _ => exception.Message,
    };
}
