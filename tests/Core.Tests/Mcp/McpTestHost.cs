using McpOrchestrator.Core.Mcp;
using McpOrchestrator.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpOrchestrator.Core.Tests.Mcp;

/// <summary>A service provider with MCP connectivity registered the way the service registers it, settings from an
/// in-memory configuration, and every log line captured.</summary>
internal sealed class McpTestHost : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private McpTestHost(ServiceProvider provider, CapturedLogs logs)
    {
        _provider = provider;
        Logs = logs;
    }

    public CapturedLogs Logs { get; }

    public IServiceProvider Services => _provider;

    public McpConnector Connector => _provider.GetRequiredService<McpConnector>();

    public ServerProbe Probe => _provider.GetRequiredService<ServerProbe>();

    public McpOptions Options => _provider.GetRequiredService<IOptions<McpOptions>>().Value;

    /// <summary>Test defaults: stdio servers get 200 ms to exit before they are killed (server-everything never exits
    /// by itself), short retry delays, and a generous server/discover probe: a C# server slowed by a loaded machine
    /// must still answer it, so that the negotiated protocol (2026-07-28 with the FaultyMcpServer) does not depend on
    /// timing.</summary>
    public static McpTestHost Create(IDictionary<string, string?>? settings = null, TimeProvider? timeProvider = null, Action<IServiceCollection>? configure = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["McpOrchestrator:Mcp:StdioShutdownTimeout"] = "00:00:00.200",
            ["McpOrchestrator:Mcp:RetryDelay"] = "00:00:00.020",
            ["McpOrchestrator:Mcp:ReconnectDelay"] = "00:00:00.050",
            ["McpOrchestrator:Mcp:DiscoverProbeTimeout"] = "00:00:10",

            // The test servers are inline stdio entries: the operator of these tests approves their commands.
            ["McpOrchestrator:Mcp:AllowedCommands"] = TestServers.AllowedCommands,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var logs = new CapturedLogs();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        if (timeProvider is not null)
        {
            services.AddSingleton(timeProvider);
        }

        configure?.Invoke(services);
        services.AddMcpConnectivity(configuration);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return new McpTestHost(provider, logs);
    }

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
