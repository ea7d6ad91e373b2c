using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpOrchestrator.Core.Storage;

/// <summary>
/// Entry point to one storage account's Table service over the REST protocol (Azure.Core pipeline: retries,
/// authentication, diagnostics). Thread-safe; create one per account and share it. Shaped like Azure.Data.Tables'
/// client of the same name so that it can be swapped for it behind one adapter.
/// </summary>
public sealed class TableServiceClient
{
    internal const string ApiVersion = "2020-12-06";
    internal const string JsonMinimalMetadata = "application/json;odata=minimalmetadata";

    private readonly HttpPipeline _pipeline;
    private readonly ILogger _logger;

    public TableServiceClient(StorageConnection connection, TableServiceClientOptions? options = null, ILogger<TableServiceClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        options ??= new TableServiceClientOptions();
        Endpoint = connection.TableEndpoint;
        AccountName = connection.AccountName;
        _logger = logger ?? NullLogger<TableServiceClient>.Instance;
        _pipeline = HttpPipelineBuilder.Build(
            options,
            [],
            [connection.CreateAuthenticationPolicy(options.TimeProvider)],
            new ResponseClassifier());
    }

    /// <summary>The Table service endpoint, e.g. <c>http://127.0.0.1:10002/devstoreaccount1</c>.</summary>
    public Uri Endpoint { get; }

    public string AccountName { get; }

    internal ILogger Logger => _logger;

    /// <summary>A client for one table. Does not create the table or contact the service.</summary>
    /// <exception cref="ArgumentException">The name is not a valid table name.</exception>
    public TableClient GetTableClient(string tableName)
    {
        TableNames.Validate(tableName);
        return new TableClient(this, tableName);
    }

    /// <summary>A request to <c>{endpoint}/{relativePath}</c> with the protocol headers every operation sends.</summary>
    /// <param name="method">The HTTP method.</param>
    /// <param name="relativePath">The already-escaped path below the endpoint, e.g. <c>Tables</c>.</param>
    internal HttpMessage CreateMessage(RequestMethod method, string relativePath)
    {
        var message = _pipeline.CreateMessage();
        var request = message.Request;
        request.Method = method;
        request.Uri.Reset(Endpoint);
        request.Uri.AppendPath("/" + relativePath, escape: false);
        request.Headers.SetValue("x-ms-version", ApiVersion);
        request.Headers.SetValue("Accept", JsonMinimalMetadata);
        request.Headers.SetValue("DataServiceVersion", "3.0");
        request.Headers.SetValue("MaxDataServiceVersion", "3.0;NetFx");
        return message;
    }

    /// <summary>Absolute URL of a relative path, as used inside $batch requests.</summary>
    internal string AbsoluteUrl(string relativePath) => Endpoint.AbsoluteUri.TrimEnd('/') + "/" + relativePath;

    /// <summary>
    /// Sends through the pipeline. Transport failures after retries and 503 answers become
    /// <see cref="StorageUnavailableException"/>; other statuses are returned for the caller to judge.
    /// </summary>
    internal async Task<Response> SendAsync(HttpMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await _pipeline.SendAsync(message, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception) when (IsTransportFailure(exception))
        {
            var reason = DescribeTransportFailure(exception);
            StorageLog.StorageUnreachable(_logger, Endpoint, reason);
            throw new StorageUnavailableException($"Table storage at {Endpoint} could not be reached ({reason}).", exception);
        }

        var response = message.Response;
        if (response.Status == 503)
        {
            StorageLog.StorageBusy(_logger, Endpoint);
            var (code, text) = TableErrors.Parse(
                response.Headers.TryGetValue("x-ms-error-code", out var header) ? header : null, response.Content.ToMemory().Span);
            throw new StorageUnavailableException(
                $"Table storage at {Endpoint} is unavailable: {TableErrors.Describe("The request", 503, code, text)}");
        }

        return response;
    }

    /// <summary>The root cause in a few words ("Connection refused (127.0.0.1:10002)", "timed out"), without Azure.Core's
    /// retry boilerplate.</summary>
    private static string DescribeTransportFailure(Exception exception) => exception switch
    {
        AggregateException { InnerExceptions.Count: > 0 } aggregate => DescribeTransportFailure(aggregate.InnerExceptions[^1]),
        RequestFailedException { InnerException: { } inner } => DescribeTransportFailure(inner),
        HttpRequestException { InnerException: System.Net.Sockets.SocketException socket } http => http.Message.Length > 0 ? http.Message : socket.Message,
        TimeoutException or OperationCanceledException or TaskCanceledException => "no answer before the network timeout",
        _ => exception.Message,
    };

    private static bool IsTransportFailure(Exception exception) => exception switch
    {
        RequestFailedException { Status: 0 } => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsTransportFailure),
        HttpRequestException or IOException or TimeoutException or OperationCanceledException => true,
        _ => false,
    };
}
