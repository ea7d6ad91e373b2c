namespace McpOrchestrator.LocalHost.Durable;

/// <summary>Hands the sidecar server's loggers out of the host's logger factory, so its lines go where the host's go.</summary>
internal sealed class ForwardingLoggerProvider(ILoggerFactory host) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => host.CreateLogger(categoryName);

    public void Dispose()
    {
        // The host owns its logger factory.
    }
}
