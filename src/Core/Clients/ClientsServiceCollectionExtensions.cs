using McpOrchestrator.Core.Formats;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace McpOrchestrator.Core.Clients;

public static class ClientsServiceCollectionExtensions
{
    /// <summary>Registers the built-in <see cref="ClientCatalog"/> and <see cref="NativeConfigFormats"/> (render and
    /// import of every client's native file) as singletons.</summary>
    public static IServiceCollection AddClients(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(_ => new ClientCatalog());
        services.TryAddSingleton(sp => new NativeConfigFormats(sp.GetRequiredService<ClientCatalog>()));
        return services;
    }
}
