using System.Collections.Concurrent;

namespace McpOrchestrator.Functions.Mcp;

/// <summary>
/// The <c>/mcp</c> requests in flight on this instance, so that <c>notifications/cancelled</c> (which arrives as a
/// request of its own, and with a stateless server on a server of its own) can cancel the call it names. Keyed by the
/// caller and the JSON-RPC id, so one caller can never cancel another's call. A cancellation that reaches another
/// instance finds nothing and is ignored, as the protocol allows; the caller closing the request's connection
/// cancels on any instance.
/// </summary>
public sealed class InFlightRequests
{
    private readonly ConcurrentDictionary<(string Caller, string Id), CancellationTokenSource> _requests = new();

    /// <summary>Registers a request until the returned handle is disposed; its token fires on a matching cancel.</summary>
    public Registration Register(string caller, string id)
    {
        var source = new CancellationTokenSource();
        var key = (caller, id);
        return _requests.TryAdd(key, source)
            ? new Registration(this, key, source)
            : new Registration(null, key, source); // A duplicate id in flight: it cannot be cancelled by id.
    }

    /// <summary>Cancels the caller's request with this id, if it is in flight here.</summary>
    public bool Cancel(string caller, string id)
    {
        if (!_requests.TryGetValue((caller, id), out var source))
        {
            return false;
        }

        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // It finished meanwhile.
        }

        return true;
    }

    public sealed class Registration(InFlightRequests? owner, (string Caller, string Id) key, CancellationTokenSource source) : IDisposable
    {
        public CancellationToken Token => source.Token;

        public void Dispose()
        {
            owner?._requests.TryRemove(new KeyValuePair<(string, string), CancellationTokenSource>(key, source));
            source.Dispose();
        }
    }
}
