using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpOrchestrator.Functions.Mcp;

public static class McpEndpointServiceCollectionExtensions
{
    /// <summary>The log category of the SDK's server, the one that answers <c>/mcp</c>.</summary>
    public const string ServerLogCategory = "ModelContextProtocol.Server";

    /// <summary>The <c>/mcp</c> endpoint: the SDK's server in stateless Streamable HTTP mode with this service's
    /// handlers (<see cref="McpHandlers"/>), and what the endpoint checks in front of it.</summary>
    public static IServiceCollection AddMcpEndpoint(this IServiceCollection services, IConfiguration configuration)
    {
        // The SDK's server logs every request at Information (handler called, handler completed, tool completed): three
        // lines per tools/call, each sent to the host over gRPC and written there, on top of the host's own pair of
        // invocation lines; a measurable share of each call's CPU (bench/README.md, mcp). Its
        // warnings and errors still pass; Logging:LogLevel:ModelContextProtocol.Server in the app settings overrides.
        if (configuration[$"Logging:LogLevel:{ServerLogCategory}"] is null)
        {
            services.Configure<LoggerFilterOptions>(filters => filters.AddFilter(ServerLogCategory, LogLevel.Warning));
        }

        services.AddOptions<McpEndpointOptions>().Bind(configuration.GetSection(McpEndpointOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<McpEndpointOptions>, McpEndpointOptionsValidator>();
        services.AddSingleton<ManagementTools>();
        services.AddSingleton<McpHandlers>();
        services.AddSingleton<InFlightRequests>();
        services.AddSingleton<McpEndpoint>();
        services.AddSingleton<IConfigureOptions<McpServerOptions>, ServerSetup>();
        services.AddMcpServer().WithHttpTransport(options => options.SessionMode = HttpServerSessionMode.Stateless);
        return services;
    }

    /// <summary>The server's identity, capabilities and handlers, from the container (so the handlers are the app's
    /// singletons whichever container the SDK asks).</summary>
    /// <remarks>In stateless mode the SDK builds a fresh options instance, and so runs this, for every request: what
    /// does not change is computed once.</remarks>
    private sealed class ServerSetup(McpHandlers handlers) : IConfigureOptions<McpServerOptions>
    {
        private static readonly string Version =
            typeof(ServerSetup).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

        public void Configure(McpServerOptions options)
        {
            options.ServerInfo = new Implementation
            {
                Name = "mcp-orchestrator",
                Title = "MCP Orchestrator",
                Version = Version,
            };
            options.ServerInstructions =
                "Tools named {server}__{tool} are the tools of the servers this service keeps live; the others manage the service itself "
                + "(list_clients, get_draft, publish, …). Resources and prompts of live servers are listed under mcpo://{server}/ URIs and {server}__{prompt} names.";
            options.Capabilities = new ServerCapabilities
            {
                Tools = new ToolsCapability(),
                Resources = new ResourcesCapability(),
                Prompts = new PromptsCapability(),
            };
            options.Handlers.ListToolsHandler = handlers.ListToolsAsync;
            options.Handlers.CallToolHandler = handlers.CallToolAsync;
            options.Handlers.ListResourcesHandler = handlers.ListResourcesAsync;
            options.Handlers.ReadResourceHandler = handlers.ReadResourceAsync;
            options.Handlers.ListPromptsHandler = handlers.ListPromptsAsync;
            options.Handlers.GetPromptHandler = handlers.GetPromptAsync;
        }
    }
}
