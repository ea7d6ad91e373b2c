using McpOrchestrator.Functions.OpenApi;
using Microsoft.Extensions.DependencyInjection;

namespace McpOrchestrator.Functions.Http;

public static class FunctionsHttpServiceCollectionExtensions
{
    /// <summary>The HTTP surface's own services: per-function access rules, the OpenAPI document and the public
    /// address for links.</summary>
    public static IServiceCollection AddFunctionsHttp(this IServiceCollection services)
    {
        services.AddSingleton<FunctionAccess>();
        services.AddSingleton<OpenApiDocument>();
        services.AddSingleton<PublicAddress>();
        return services;
    }
}
