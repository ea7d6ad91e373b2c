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
    /// Registers one shared <see cref="TableServiceClient"/> for the storage connection named
    /// <paramref name="connectionName"/> (a connection string or Functions-style identity settings; see
    /// <see cref="StorageConnection.FromConfiguration"/>). A missing or malformed setting stops the host at start with a
    /// <see cref="StorageConnectionException"/> naming the setting.
    /// </summary>
    public static IServiceCollection AddTableStorage(
        this IServiceCollection services,
        IConfiguration configuration,
        string connectionName = StorageConnection.DefaultConnectionName)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => StorageConnection.FromConfiguration(configuration, connectionName));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, StorageSettingsValidator>());
        services.TryAddSingleton(provider => new TableServiceClient(
            provider.GetRequiredService<StorageConnection>(),
            new TableServiceClientOptions { TimeProvider = provider.GetRequiredService<TimeProvider>() },
            provider.GetService<ILogger<TableServiceClient>>()));
        return services;
    }
}
