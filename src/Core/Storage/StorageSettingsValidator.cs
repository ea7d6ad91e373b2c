using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace McpOrchestrator.Core.Storage;

/// <summary>Resolves the storage connection when the host starts, so a missing or malformed storage setting stops
/// the service at once with a <see cref="StorageConnectionException"/> that names the setting and the fix, instead of
/// failing the first request. Reachability is not checked here: storage may come up after the service.</summary>
internal sealed class StorageSettingsValidator(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = services.GetRequiredService<StorageConnection>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
