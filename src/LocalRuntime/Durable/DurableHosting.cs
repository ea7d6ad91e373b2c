using McpOrchestrator.Core.Storage;
using McpOrchestrator.LocalRuntime.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpOrchestrator.LocalRuntime.Durable;

/// <summary>Adds the Durable engine to the local runtime when the app has orchestrator or activity functions or binds
/// a Durable client: the task hub (settings from host.json, state in the storage account of its connection), the two
/// dispatchers, and the client provider.</summary>
internal static class DurableHosting
{
    public static void Add(IServiceCollection services, DurableFunctionRegistry functions, HostJson hostJson, IConfiguration configuration)
    {
        var options = DurableTaskHubOptions.From(hostJson.DurableTask, configuration);
        services.AddSingleton(functions);
        services.AddSingleton(options);
        services.AddSingleton(provider =>
        {
            var loggers = provider.GetRequiredService<ILoggerFactory>();
            var store = new DurableStore(CreateTableService(configuration, options.ConnectionName, loggers), options.HubName);
            return new DurableTaskHub(options, store, functions, provider.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<DurableClientProvider>();
        if (functions.HasOrchestrators)
        {
            services.AddHostedService<OrchestrationDispatcher>();
        }

        if (functions.HasActivities)
        {
            services.AddHostedService<ActivityDispatcher>();
        }
    }

    /// <summary>The engine's own Table client for a connection (Functions-style: a connection string or identity settings).
    /// Requests are signed on the system clock, whatever clock the engine runs on.</summary>
    public static TableServiceClient CreateTableService(IConfiguration configuration, string connectionName, ILoggerFactory loggers) => new(
        StorageConnection.FromConfiguration(configuration, connectionName),
        new TableServiceClientOptions { TimeProvider = TimeProvider.System },
        loggers.CreateLogger<TableServiceClient>());
}
