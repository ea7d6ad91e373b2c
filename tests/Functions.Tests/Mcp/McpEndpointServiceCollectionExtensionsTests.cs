using McpOrchestrator.Functions.Mcp;
using McpOrchestrator.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpOrchestrator.Functions.Tests.Mcp;

/// <summary>What <c>AddMcpEndpoint</c> does to logging: the SDK server's per-request lines stay out unless the app
/// settings ask for them.</summary>
public sealed class McpEndpointServiceCollectionExtensionsTests
{
    private const string ServerLogger = "ModelContextProtocol.Server.McpServer";

    [Fact]
    public void AddMcpEndpoint_DropsTheSdkServersInformationLines_AndKeepsItsWarnings()
    {
        using var provider = Build(new Dictionary<string, string?>());
        var logs = provider.GetRequiredService<CapturedLogs>();
        var factory = provider.GetRequiredService<ILoggerFactory>();

        factory.CreateLogger(ServerLogger).LogInformation("request handler called");
        factory.CreateLogger(ServerLogger).LogWarning("handler failed");
        factory.CreateLogger("ModelContextProtocol.Client.McpClient").LogInformation("client connected");

        Assert.Equal(["handler failed", "client connected"], logs.Lines.Select(l => l.Message));
    }

    [Fact]
    public void AddMcpEndpoint_WithTheCategoryInTheAppSettings_LogsAtThatLevel()
    {
        using var provider = Build(new Dictionary<string, string?> { ["Logging:LogLevel:ModelContextProtocol.Server"] = "Information" });
        var logs = provider.GetRequiredService<CapturedLogs>();

        provider.GetRequiredService<ILoggerFactory>().CreateLogger(ServerLogger).LogInformation("request handler called");

        Assert.Equal(["request handler called"], logs.Lines.Select(l => l.Message));
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var logs = new CapturedLogs();
        var services = new ServiceCollection().AddSingleton(logs);
        services.AddLogging(logging => logging.AddConfiguration(configuration.GetSection("Logging")).SetMinimumLevel(LogLevel.Information).AddProvider(logs));
        services.AddMcpEndpoint(configuration);
        return services.BuildServiceProvider();
    }
}
