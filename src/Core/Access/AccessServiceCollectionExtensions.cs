using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace McpOrchestrator.Core.Access;

public static class AccessServiceCollectionExtensions
{
    /// <summary>
    /// Registers access control: <see cref="AccessOptions"/> from configuration (validated at start),
    /// <see cref="TokenStore"/>, <see cref="TokenService"/> and <see cref="CredentialValidator"/> as singletons, and a
    /// start-up line saying whether API-key authentication is on. Needs a <c>TableServiceClient</c>
    /// (<c>AddTableStorage</c>).
    /// </summary>
    public static IServiceCollection AddAccess(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<AccessOptions>().Configure(options => options.Bind(configuration)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AccessOptions>, AccessOptionsValidator>());
        services.TryAddSingleton<TokenStore>();
        services.TryAddSingleton<TokenService>();
        services.TryAddSingleton<CredentialValidator>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, AccessStartupLog>());
        return services;
    }
}
