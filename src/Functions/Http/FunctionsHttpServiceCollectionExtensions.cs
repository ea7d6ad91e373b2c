using McpOrchestrator.Functions.OpenApi;
using Microsoft.Extensions.DependencyInjection;

namespace McpOrchestrator.Functions.Http;

public static class FunctionsHttpServiceCollectionExtensions
{
    /// <summary>The HTTP surface's own services: per-function access rules, the OpenAPI document, the public
    /// address for links, and the operations the REST functions share with the MCP endpoint.</summary>
    public static IServiceCollection AddFunctionsHttp(this IServiceCollection services)
    {
        services.AddSingleton<FunctionAccess>();
        services.AddSingleton<OpenApiDocument>();
        services.AddSingleton<PublicAddress>();
        services.AddSingleton<Publishing.PublishingOperations>();
        services.AddSingleton<Configs.LocalConfigDiffer>();
        return services;
    }
}
