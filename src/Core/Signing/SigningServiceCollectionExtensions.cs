using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace McpOrchestrator.Core.Signing;

public static class SigningServiceCollectionExtensions
{
    /// <summary>
    /// Registers signing: <see cref="SigningOptions"/> from configuration (a malformed
    /// <c>McpOrchestrator__KeyEncryptionKey</c> stops the host at start with a message naming the setting and how to
    /// generate one), <see cref="SigningKeyService"/> as a singleton, and a start-up line saying whether private keys
    /// are encrypted at rest (a warning when they are not). Needs a <c>TableServiceClient</c> (<c>AddTableStorage</c>).
    /// </summary>
    public static IServiceCollection AddSigning(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<SigningOptions>().Configure(options => options.Bind(configuration)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SigningOptions>, SigningOptionsValidator>());
        services.TryAddSingleton<SigningKeyService>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SigningStartupLog>());
        return services;
    }
}
