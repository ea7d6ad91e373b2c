using McpOrchestrator.Core.Configs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpOrchestrator.Core.Mcp;

/// <summary>Makes <see cref="LiveConnection"/>s. The live set (desired state from the <c>orchestrator</c> client's
/// deployment) owns them: it creates one per added or changed server, starts it, and stops the ones it drops.</summary>
public sealed class LiveConnectionFactory(
    McpConnector connector,
    McpResiliencePipelines pipelines,
    IOptions<McpOptions> options,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory)
{
    /// <summary>A new, not yet started connection to <paramref name="server"/>. The server's resilience pipeline is
    /// reset (closed circuit): a new or changed entry starts with a clean record.</summary>
    public LiveConnection Create(ServerConfig server)
    {
        ArgumentNullException.ThrowIfNull(server);
        pipelines.Reset(server.Name);
        return new LiveConnection(server, connector, pipelines, options.Value, timeProvider, loggerFactory.CreateLogger<LiveConnection>());
    }
}
