using McpOrchestrator.Core.Health;
using McpOrchestrator.Core.Mcp;
using McpOrchestrator.Core.Publishing;
using McpOrchestrator.Core.Publishing.Deployments;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace McpOrchestrator.Core.Live;

public static class LiveServiceCollectionExtensions
{
    /// <summary>
    /// Registers live orchestration: <see cref="LiveOptions"/> (validated at start), <see cref="LiveSet"/> as a
    /// singleton and a hosted service (first reconcile at start, drain and stop at shutdown), <see cref="ToolRouter"/>,
    /// <see cref="ServerHealthStore"/>, <see cref="LiveHealthMonitor"/>, and an <see cref="IDeploymentObserver"/> that
    /// reconciles when <c>orchestrator</c>/<see cref="LiveOptions.Profile"/> is deployed. Adds MCP connectivity and the deployment
    /// store if they are not there yet; needs Table Storage, the signing service and <see cref="HostInstance"/>.
    /// </summary>
    public static IServiceCollection AddLiveOrchestration(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddMcpConnectivity(configuration);
        services.AddDeploymentStore();
        services.TryAddSingleton(HostInstance.From(configuration));
        services.AddOptions<LiveOptions>().Configure(options => options.Bind(configuration)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LiveOptions>, LiveOptionsValidator>());
        services.TryAddSingleton<LiveSet>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, LiveSetHostedService>());
        services.TryAddSingleton<ToolArgumentsValidator>();
        services.TryAddSingleton<BatchLimiter>();
        services.TryAddSingleton<ToolRouter>();
        services.TryAddSingleton<LiveResourceRouter>();
        services.TryAddSingleton<LivePromptRouter>();
        services.TryAddSingleton<ServerHealthStore>();
        services.TryAddSingleton<LiveHealthMonitor>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDeploymentObserver, LiveDeploymentObserver>());
        return services;
    }
}
