using Azure.Data.Tables;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace McpOrchestrator.Core.Storage;

/// <summary>Dependency-injection registration of Table storage access.</summary>
public static class TableStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers one shared Azure.Data.Tables <see cref="TableServiceClient"/> for the storage connection named
    /// <paramref name="connectionName"/> (a connection string or Functions-style identity settings; see
    /// <see cref="TableStorage.FromConfiguration"/>), with Microsoft.Extensions.Azure's component factory for the
    /// credential and the client options. A credential given with <c>AddAzureClients(b =&gt; b.UseCredential(…))</c>
    /// is used when the settings name none. A missing or malformed setting stops the host at start with a
    /// <see cref="StorageConnectionException"/> naming the setting.
    /// </summary>
    public static IServiceCollection AddTableStorage(
        this IServiceCollection services,
        IConfiguration configuration,
        string connectionName = TableStorage.DefaultConnectionName)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddAzureClientsCore();
        services.TryAddSingleton(provider => TableStorage.FromConfiguration(
            configuration,
            provider.GetRequiredService<AzureComponentFactory>(),
            connectionName,
            provider.GetService<ILoggerFactory>()?.CreateLogger(typeof(TableStorage).FullName!)));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, StorageSettingsValidator>());
        return services;
    }
}
