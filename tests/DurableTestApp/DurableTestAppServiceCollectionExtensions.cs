using McpOrchestrator.DurableTestApp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

public static class DurableTestAppServiceCollectionExtensions
{
    /// <summary>The test app's services; a test that hosts the app itself may register its own first.</summary>
    public static IServiceCollection AddDurableTestApp(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton<TestProbe>();
        services.TryAddSingleton(new HostTag(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        services.TryAddSingleton(_ => new ExecutionJournal(configuration));
        return services;
    }
}
