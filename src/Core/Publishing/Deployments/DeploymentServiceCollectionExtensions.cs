using McpOrchestrator.Core.Profiles;
using McpOrchestrator.Core.Publishing.Artifacts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace McpOrchestrator.Core.Publishing.Deployments;

public static class DeploymentServiceCollectionExtensions
{
    /// <summary>Registers <see cref="DeploymentStore"/> (and the <see cref="ArtifactStore"/> it reads) as
    /// singletons, and publishing's <see cref="IProfileVersionSource"/> in place of the "nothing published" default
    /// (whichever is registered first). Needs a <c>TableServiceClient</c> (<c>AddTableStorage</c>) and the signing
    /// service (<c>AddSigning</c>).</summary>
    public static IServiceCollection AddDeploymentStore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddArtifactStore();
        services.TryAddSingleton<DeploymentStore>();
        services.Replace(ServiceDescriptor.Singleton<IProfileVersionSource, PublishedProfileVersions>());
        return services;
    }
}
