using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace McpOrchestrator.Core.Storage;

/// <summary>Creates the Table service client when the host starts, so a missing or malformed storage setting stops
/// the service at once with a <see cref="StorageConnectionException"/> that names the setting and the fix, instead of
/// failing the first request. Reachability is not checked here: storage may come up after the service.</summary>
internal sealed class StorageSettingsValidator(IServiceProvider services, ILogger<StorageSettingsValidator> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var tables = services.GetRequiredService<TableServiceClient>();
        StorageLog.Connected(logger, $"{tables.Uri.GetLeftPart(UriPartial.Path)} (account '{tables.AccountName}')");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
