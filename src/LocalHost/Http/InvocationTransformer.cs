using McpOrchestrator.LocalHost.Extensions;
using McpOrchestrator.LocalHost.Rpc;
using Yarp.ReverseProxy.Forwarder;

namespace McpOrchestrator.LocalHost.Http;

/// <summary>Pairs one forwarded request with its invocation: adds <c>x-ms-invocation-id</c> and the
/// <c>X-Forwarded-*</c> headers, and holds back an empty response until the invocation's answer says whether the
/// function failed (the worker answers a throwing function with an empty 200 and reports the failure only over
/// gRPC).</summary>
internal sealed class InvocationTransformer(string invocationId, Task<InvocationResponse> response, TimeSpan pairingWait, TimeProvider time) : HttpTransformer
{
    /// <summary>The failed answer of the function when the host must answer 500 instead of the worker's response.</summary>
    public InvocationResponse? Failure { get; private set; }

    /// <summary>Whether the worker went away while the response was held back.</summary>
    public bool WorkerLost { get; private set; }

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        Set(proxyRequest, "x-ms-invocation-id", invocationId);
        Set(proxyRequest, "X-Forwarded-Host", httpContext.Request.Host.Value ?? string.Empty);
        Set(proxyRequest, "X-Forwarded-Proto", httpContext.Request.Scheme);
        if (httpContext.Connection.RemoteIpAddress is { } remote)
        {
            Set(proxyRequest, "X-Forwarded-For", remote.ToString());
        }
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        if (proxyResponse is { IsSuccessStatusCode: true, Content.Headers.ContentLength: 0 })
        {
            try
            {
                var answer = await response.WaitAsync(pairingWait, time, cancellationToken);
                if (answer.Result?.Status != StatusResult.Types.Status.Success)
                {
                    Failure = answer;
                    return false;
                }
            }
            catch (TimeoutException)
            {
                // Unpaired: pass the worker's answer on; the caller cancels the invocation.
            }
            catch (WorkerUnavailableException)
            {
                WorkerLost = true;
                return false;
            }
        }

        return await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
    }

    private static void Set(HttpRequestMessage request, string name, string value)
    {
        request.Headers.Remove(name);
        request.Headers.TryAddWithoutValidation(name, value);
    }
}
