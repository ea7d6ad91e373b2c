using System.Diagnostics;
using System.Net;

namespace McpOrchestrator.LocalHost.Http;

/// <summary>The one HTTP client the host forwards requests to the worker with: no proxy, no redirects, no
/// decompression, no cookies, no trace propagation of its own (the headers pass through unchanged).</summary>
internal sealed class ForwardingClient : IDisposable
{
    public HttpMessageInvoker Invoker { get; } = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        EnableMultipleHttp2Connections = true,
        ActivityHeadersPropagator = DistributedContextPropagator.CreateNoOutputPropagator(),
        ConnectTimeout = TimeSpan.FromSeconds(15),
    });

    public void Dispose() => Invoker.Dispose();
}
