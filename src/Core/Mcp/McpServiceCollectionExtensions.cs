using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace McpOrchestrator.Core.Mcp;

public static class McpServiceCollectionExtensions
{
    /// <summary>
    /// Registers MCP connectivity: <see cref="McpOptions"/> from the <c>McpOrchestrator:Mcp</c> section (validated at
    /// start), <see cref="ReferenceResolver"/> over <paramref name="configuration"/>, the named
    /// <see cref="HttpClient"/> <see cref="McpConnector.HttpClientName"/> (no client-level timeout: every call carries
    /// its own; connects checked by <see cref="NetworkGuard"/>), <see cref="LaunchPolicy"/> (with the registry's
    /// <see cref="IRegisteredCommands"/> when configuration management is registered), and as singletons <see cref="McpConnector"/>, <see cref="ServerProbe"/>, <see cref="McpResiliencePipelines"/>
    /// (one keyed pipeline per server) and <see cref="LiveConnectionFactory"/>.
    /// </summary>
    public static IServiceCollection AddMcpConnectivity(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<McpOptions>().Configure(options =>
        {
            options.Bind(configuration);
            options.AllowPrivateNetworks ??= McpOptions.IsDevelopmentStorage(configuration);
        }).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<McpOptions>, McpOptionsValidator>());
        services.TryAddSingleton(_ => new ReferenceResolver(configuration));
        services.TryAddSingleton<NetworkGuard>();
        services.TryAddSingleton<LaunchPolicy>();
        services.AddHttpClient(McpConnector.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(provider => provider.GetRequiredService<NetworkGuard>().CreateHandler())
            .RemoveAllLoggers();
        services.TryAddSingleton<McpConnector>();
        services.TryAddSingleton<ProbeLimiter>();
        services.TryAddSingleton<ServerProbe>();
        services.TryAddSingleton<Validation.IServerProbe>(provider => provider.GetRequiredService<ServerProbe>());
        services.TryAddSingleton<McpResiliencePipelines>();
        services.TryAddSingleton<LiveConnectionFactory>();
        return services;
    }
}
