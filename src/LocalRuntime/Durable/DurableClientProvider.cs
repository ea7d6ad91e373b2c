using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace McpOrchestrator.LocalRuntime.Durable;

/// <summary>Gives <c>[DurableClient]</c> parameters their client: the app's task hub by default, or the hub and
/// connection the attribute names. One client per hub and connection, shared.</summary>
internal sealed class DurableClientProvider(
    DurableTaskHub hub, IConfiguration configuration, IServer server, TimeProvider clock, ILoggerFactory loggers)
{
    private const string WebhookPath = "/runtime/webhooks/durabletask";

    private readonly ConcurrentDictionary<(string Hub, string Connection), LocalDurableTaskClient> _clients = new();

    public LocalDurableTaskClient GetClient(string? taskHub = null, string? connectionName = null)
    {
        var name = string.IsNullOrEmpty(taskHub) ? hub.Options.HubName : taskHub;
        var connection = string.IsNullOrEmpty(connectionName) ? hub.Options.ConnectionName : connectionName;
        return _clients.GetOrAdd((name, connection), key =>
        {
            var isLocal = string.Equals(key.Hub, hub.Options.HubName, StringComparison.OrdinalIgnoreCase) && key.Connection == hub.Options.ConnectionName;
            var store = isLocal
                ? hub.Store
                : new DurableStore(DurableHosting.CreateTableService(configuration, key.Connection, loggers), key.Hub);
            return new LocalDurableTaskClient(store, isLocal ? hub : null, clock, HttpBaseUrl, key.Connection);
        });
    }

    private string? HttpBaseUrl()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        return address is null ? null : address.TrimEnd('/') + WebhookPath;
    }
}
