using McpOrchestrator.Core.Problems;
using McpOrchestrator.Core.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace McpOrchestrator.Functions.Http;

/// <summary>The one place where failures of HTTP functions become problem+json: a <see cref="ProblemException"/>
/// becomes its problem, storage that cannot be reached becomes 503 <c>storage_unavailable</c> with
/// <c>Retry-After</c>, anything else becomes a 500 without internals, logged with its invocation id. Worker
/// middleware, so it behaves the same under Microsoft's worker and the local runtime. Timer and other
/// non-HTTP invocations rethrow, so the host records them as failed. A request the caller aborted ends quietly.</summary>
public sealed partial class ProblemBoundary(ILogger<ProblemBoundary> log) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (context.GetHttpContext() is { } http && !http.RequestAborted.IsCancellationRequested)
        {
            var problem = e switch
            {
                ProblemException known => known.Problem,
                StorageUnavailableException => Problems.StorageUnavailable(),
                FunctionInputConverterException => Unconvertible(),
                BadHttpRequestException bad => Unreadable(bad.StatusCode),
                _ => null,
            };
            if (problem is null)
            {
                Unhandled(log, e, context.FunctionDefinition.Name, context.InvocationId);
                problem = Problems.Internal(context.InvocationId);
            }
            else if (e is StorageUnavailableException)
            {
                StorageDown(log, context.FunctionDefinition.Name, context.InvocationId, e.Message);
            }

            context.GetInvocationResult().Value = new ProblemResult(problem);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && context.GetHttpContext() is { RequestAborted.IsCancellationRequested: true })
        {
            // The caller went away: nobody is left to answer, and the host already records the invocation as
            // aborted by the client. Not a failure of the function, so not logged as one (with its stack) here.
            CallerGone(log, context.FunctionDefinition.Name, context.InvocationId);
        }
    }

    /// <summary>The worker could not convert a route or query value to its parameter's type (it throws before the
    /// function runs): the caller's mistake, not ours.</summary>
    private static Problem Unconvertible() => new()
    {
        Status = StatusCodes.Status400BadRequest,
        Code = "invalid_parameter",
        Title = "Bad Request",
        Detail = "A route or query value has the wrong type for this endpoint. GET /openapi.json lists each parameter's type.",
    };

    /// <summary>The request body could not be read (malformed chunked encoding, a body cut short, over Kestrel's
    /// limit): answered with Kestrel's own status, as problem+json.</summary>
    private static Problem Unreadable(int status) => new()
    {
        Status = status is >= 400 and < 500 ? status : StatusCodes.Status400BadRequest,
        Code = status == StatusCodes.Status413PayloadTooLarge ? "payload_too_large" : "unreadable_body",
        Title = status == StatusCodes.Status413PayloadTooLarge ? "Payload Too Large" : "Bad Request",
        Detail = "The request body could not be read: send a complete body with a correct Content-Length or chunked encoding.",
    };

    [LoggerMessage(Level = LogLevel.Error, Message = "Function '{FunctionName}' failed (Id={InvocationId})")]
    private static partial void Unhandled(ILogger logger, Exception exception, string functionName, string invocationId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Function '{FunctionName}' stopped: the caller aborted the request (Id={InvocationId})")]
    private static partial void CallerGone(ILogger logger, string functionName, string invocationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Function '{FunctionName}' could not reach storage (Id={InvocationId}): {Reason}")]
    private static partial void StorageDown(ILogger logger, string functionName, string invocationId, string reason);
}
