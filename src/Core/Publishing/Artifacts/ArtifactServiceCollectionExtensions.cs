using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace McpOrchestrator.Core.Publishing.Artifacts;

public static class ArtifactServiceCollectionExtensions
{
    /// <summary>Registers <see cref="ArtifactStore"/> as a singleton. Needs a <c>TableServiceClient</c>
    /// (<c>AddTableStorage</c>) and the signing service (<c>AddSigning</c>).</summary>
    public static IServiceCollection AddArtifactStore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ArtifactStore>();
        return services;
    }
}
