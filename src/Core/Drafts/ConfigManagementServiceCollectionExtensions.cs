using McpOrchestrator.Core.Clients;
using McpOrchestrator.Core.Diff;
using McpOrchestrator.Core.Profiles;
using McpOrchestrator.Core.Registry;
using McpOrchestrator.Core.Validation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace McpOrchestrator.Core.Drafts;

public static class ConfigManagementServiceCollectionExtensions
{
    /// <summary>
    /// Registers configuration management as singletons: the server registry (<see cref="ServerRegistry"/>, options
    /// from <c>McpOrchestrator:Registry</c>, validated at start), profiles (<see cref="ProfileService"/>, with
    /// <see cref="IProfileVersionSource"/> defaulting to "nothing published" until publishing registers its own),
    /// drafts (<see cref="DraftService"/>), validation (<see cref="ValidationService"/>; an <see cref="IServerProbe"/>
    /// registered by publishing is picked up) and <see cref="ConfigDiffer"/>. Needs a <c>TableServiceClient</c>
    /// (<c>AddTableStorage</c>); adds the client catalog and native formats (<c>AddClients</c>) if absent.
    /// </summary>
    public static IServiceCollection AddConfigManagement(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddClients();
        services.AddOptions<RegistryOptions>().Configure(options => options.Bind(configuration)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RegistryOptions>, RegistryOptionsValidator>());
        services.TryAddSingleton<CustomServerStore>();
        services.TryAddSingleton<ServerRegistry>();
        services.TryAddSingleton<Mcp.IRegisteredCommands, RegisteredCommands>();
        services.TryAddSingleton<ProfileStore>();
        services.TryAddSingleton<IProfileVersionSource, NothingPublished>();
        services.TryAddSingleton<ProfileService>();
        services.TryAddSingleton<DraftService>();
        services.TryAddSingleton<ValidationService>();
        services.TryAddSingleton<ConfigDiffer>();
        return services;
    }
}
