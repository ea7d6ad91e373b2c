using System.Text.Json;
using McpOrchestrator.LocalHost.Extensions;
using McpOrchestrator.LocalHost.Hosting;
using McpOrchestrator.LocalHost.Rpc;
using McpOrchestrator.LocalHost.Worker;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;

namespace McpOrchestrator.LocalHost.Http;

/// <summary>Runs one HTTP-triggered invocation: forwards the request to the worker's own listener with its
/// invocation id (YARP, as the real host does) while sending the paired <c>InvocationRequest</c>, then turns what
/// only the host knows into problem+json: a failed function (500), a timeout (500), the worker gone (503), a body
/// over the limit (413). A client abort aborts the forward and cancels the invocation.</summary>
internal sealed partial class HttpFunctionInvoker(
    WorkerSupervisor supervisor,
    IHttpForwarder forwarder,
    ForwardingClient client,
    LocalHostConfiguration configuration,
    TimeProvider time,
    ILoggerFactory loggers)
{
    /// <summary>How long the host waits for an InvocationResponse once the HTTP exchange is over.</summary>
    public static readonly TimeSpan PairingWait = TimeSpan.FromSeconds(5);

    private readonly ILogger _log = loggers.CreateLogger("Host.Http");

    public async Task InvokeAsync(HttpContext context, HttpFunction function)
    {
        WorkerInstance instance;
        try
        {
            instance = supervisor.RequireInstance();
        }
        catch (WorkerUnavailableException)
        {
            await Problems.WorkerUnavailable(context, supervisor.RetryAfter);
            return;
        }

        var loaded = instance.Find(function.Function.Name);
        if (loaded is null || instance.HttpUri is null)
        {
            await Problems.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "function_unavailable", "Service Unavailable",
                instance.HttpUri is null ? "The worker does not serve HTTP (use Microsoft.Azure.Functions.Worker.Extensions.Http.AspNetCore)." : $"The function '{function.Function.Name}' is not loaded.");
            return;
        }

        if (context.Request.ContentLength is { } length && context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize is { } limit && length > limit)
        {
            await Problems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "payload_too_large", "Payload Too Large", $"The request body is larger than {limit} bytes.");
            return;
        }

        var request = WorkerSupervisor.NewRequest(loaded);
        request.InputData.Add(new ParameterBinding { Name = function.TriggerBindingName, Data = new TypedData { Http = new RpcHttp() } });
        supervisor.AddExtensionInputs(loaded, request);
        AddTriggerMetadata(context, request);
        var id = request.InvocationId;
        context.Items[Problems.InvocationIdItem] = id;

        var log = supervisor.FunctionLogger(loaded.Name);
        var started = time.GetTimestamp();
        InvocationLog.Executing(log, loaded.Name, "This function was programmatically called via the host APIs.", id);
        var response = instance.Channel.Invoke(request);
        _ = supervisor.Track(response);

        var timeout = configuration.HostJson.FunctionTimeout;
        using var timeoutSource = timeout is { } t ? new CancellationTokenSource(t, time) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, timeoutSource.Token);
        var transformer = new InvocationTransformer(id, response, PairingWait, time);
        var requestConfig = new ForwarderRequestConfig { Version = System.Net.HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionOrLower, ActivityTimeout = timeout is { } limitTime ? limitTime + TimeSpan.FromSeconds(5) : TimeSpan.FromDays(1) };
        var error = await forwarder.SendAsync(context, instance.HttpUri.ToString(), client.Invoker, requestConfig, transformer, linked.Token);

        long Elapsed() => (long)time.GetElapsedTime(started).TotalMilliseconds;

        if (context.RequestAborted.IsCancellationRequested)
        {
            instance.Channel.Cancel(id);
            ClientAborted(_log, loaded.Name, id);
            await AwaitQuietly(response);
            InvocationLog.Failed(log, loaded.Name, id, Elapsed(), "the client aborted the request");
            return;
        }

        if (timeoutSource.IsCancellationRequested)
        {
            InvocationLog.TimedOut(log, timeout!.Value, loaded.Name, id);
            instance.Channel.Cancel(id);
            await Problems.WriteAsync(context, StatusCodes.Status500InternalServerError, "function_timeout", "Internal Server Error",
                $"The function exceeded the functionTimeout of {timeout} and was cancelled.");
            await AwaitQuietly(response);
            InvocationLog.Failed(log, loaded.Name, id, Elapsed(), "function timeout");
            return;
        }

        if (error != ForwarderError.None || transformer.WorkerLost)
        {
            await AwaitQuietly(response);
            var lost = transformer.WorkerLost || response.IsFaulted || !instance.Channel.IsOpen || instance.Process.Exited.IsCompleted;
            var exception = context.Features.Get<IForwarderErrorFeature>()?.Exception;
            if (lost)
            {
                await Problems.WorkerUnavailable(context, supervisor.RetryAfter);
                InvocationLog.Failed(log, loaded.Name, id, Elapsed(), "the worker went away");
            }
            else if (exception is BadHttpRequestException bad)
            {
                instance.Channel.Cancel(id);
                instance.Channel.Abandon(id, new OperationCanceledException("The request was refused."));
                await Problems.WriteAsync(context, bad.StatusCode, bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "payload_too_large" : "bad_request",
                    bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Payload Too Large" : "Bad Request", bad.Message);
                InvocationLog.Failed(log, loaded.Name, id, Elapsed(), bad.Message);
            }
            else
            {
                instance.Channel.Cancel(id);
                instance.Channel.Abandon(id, new OperationCanceledException("The forward failed."));
                ForwardFailed(_log, exception, loaded.Name, id, error.ToString());
                await Problems.WriteAsync(context, StatusCodes.Status502BadGateway, "bad_gateway", "Bad Gateway", "The Functions worker did not answer the request.");
                InvocationLog.Failed(log, loaded.Name, id, Elapsed(), error.ToString());
            }

            return;
        }

        if (transformer.Failure is { } failure)
        {
            supervisor.LogOutcome(log, loaded.Name, id, started, failure);
            await Problems.WriteAsync(context, StatusCodes.Status500InternalServerError, "function_failed", "Internal Server Error",
                "The function failed; the host's log has the details under this invocation id.");
            return;
        }

        // The response is complete: the request ends now, and its invocation's answer is awaited (and logged) off
        // the request's path, so that the next request on the connection does not wait for it. The supervisor still
        // tracks the invocation, so a graceful stop drains it.
        _ = supervisor.Track(PairAsync(instance, log, loaded.Name, id, started, response, context.Response.StatusCode));
    }

    private async Task PairAsync(WorkerInstance instance, ILogger log, string name, string id, long started, Task<InvocationResponse> response, int statusCode)
    {
        try
        {
            var answer = await response.WaitAsync(PairingWait, time);
            supervisor.LogOutcome(log, name, id, started, answer);
        }
        catch (TimeoutException)
        {
            // The worker answered the request without pairing it with this invocation: it will never answer it.
            instance.Channel.Cancel(id);
            instance.Channel.Abandon(id, new TimeoutException("No InvocationResponse."));
            InvocationLog.Failed(log, name, id, (long)time.GetElapsedTime(started).TotalMilliseconds, $"the worker answered {statusCode} without an InvocationResponse");
        }
        catch (WorkerUnavailableException e)
        {
            InvocationLog.Failed(log, name, id, (long)time.GetElapsedTime(started).TotalMilliseconds, e.Message);
        }
    }

    private async Task AwaitQuietly(Task<InvocationResponse> response) =>
        await ((Task)response.WaitAsync(PairingWait, time)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

    /// <summary>Route and query values by name, plus <c>Query</c> and <c>Headers</c> as JSON: the worker binds
    /// function parameters such as <c>int id</c> from them.</summary>
    private static void AddTriggerMetadata(HttpContext context, InvocationRequest request)
    {
        var query = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in context.Request.Query)
        {
            query[name] = values.ToString();
            request.TriggerMetadata[name] = new TypedData { String = values.ToString() };
        }

        foreach (var (name, value) in context.Request.RouteValues)
        {
            if (value is not null)
            {
                request.TriggerMetadata[name] = new TypedData { String = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty };
            }
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in context.Request.Headers)
        {
            headers[name] = values.ToString();
        }

        request.TriggerMetadata["Query"] = new TypedData { Json = JsonSerializer.Serialize(query) };
        request.TriggerMetadata["Headers"] = new TypedData { Json = JsonSerializer.Serialize(headers) };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The client aborted the request to 'Functions.{Name}' (Id={InvocationId}); sent InvocationCancel")]
    private static partial void ClientAborted(ILogger logger, string name, string invocationId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Forwarding to 'Functions.{Name}' (Id={InvocationId}) failed: {Error}")]
    private static partial void ForwardFailed(ILogger logger, Exception? exception, string name, string invocationId, string error);
}
