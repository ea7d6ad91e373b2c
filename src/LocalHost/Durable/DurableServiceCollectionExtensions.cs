using McpOrchestrator.LocalHost.Extensions;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace McpOrchestrator.LocalHost.Durable;

/// <summary>Registers Durable Functions support (orchestrationTrigger, activityTrigger, durableClient) with the local
/// host.</summary>
public static class DurableServiceCollectionExtensions
{
    /// <summary>Adds the Durable extension as an <see cref="IHostExtension"/>. It needs the host's
    /// <see cref="HostContext"/> in the container; the engine's own chatter (DurableTask.*) is logged from Warning up
    /// unless the logging configuration says otherwise.</summary>
    public static IServiceCollection AddDurableExtension(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<DurableExtension>();
        services.AddSingleton<IHostExtension>(provider => provider.GetRequiredService<DurableExtension>());
        services.Configure<LoggerFilterOptions>(filters => filters.AddFilter("DurableTask", LogLevel.Warning));
        return services;
    }
}
