using McpOrchestrator.Core.Access;
using McpOrchestrator.Core.Clients;
using McpOrchestrator.Core.Drafts;
using McpOrchestrator.Core.Health;
using McpOrchestrator.Core.Live;
using McpOrchestrator.Core.Mcp;
using McpOrchestrator.Core.Publishing.Artifacts;
using McpOrchestrator.Core.Publishing.Deployments;
using McpOrchestrator.Core.Signing;
using McpOrchestrator.Core.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace McpOrchestrator.Core;

public static class McpOrchestratorServiceCollectionExtensions
{
    /// <summary>Registers the whole product: storage, health, and (as they arrive) the feature services.</summary>
    public static IServiceCollection AddMcpOrchestrator(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddTableStorage(configuration);
        services.AddServiceHealth(configuration);
        services.AddAccess(configuration);
        services.AddSigning(configuration);
        services.AddArtifactStore();
        services.AddDeploymentStore();
        services.TryAddSingleton<Publishing.DeployedConfigs>();
        services.TryAddSingleton<Publishing.PublishingHistory>();
        services.AddClients();
        services.AddConfigManagement(configuration);
        services.AddMcpConnectivity(configuration);
        services.AddLiveOrchestration(configuration);
        return services;
    }

    public static IServiceCollection AddServiceHealth(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(HostInstance.From(configuration));
        services.TryAddSingleton<HeartbeatStore>();
        services.TryAddSingleton<ServiceHealth>();
        return services;
    }
}
