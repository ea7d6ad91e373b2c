using System.Text.Json;
using Azure.Data.Tables;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Health;
using McpOrchestrator.Core.Live;
using McpOrchestrator.Core.Mcp;
using McpOrchestrator.Core.Problems;
using McpOrchestrator.Core.Publishing.Deployments;
using McpOrchestrator.Core.Tests.Publishing;
using McpOrchestrator.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpOrchestrator.Core.Tests.Live;

/// <summary>Live orchestration registered as the service registers it (<c>AddLiveOrchestration</c>), on publishing
/// tables of the test's own in a shared Azurite, with the MCP test defaults of <c>McpTestHost</c> and every log line
/// captured. <see cref="DeployAsync"/> publishes and deploys an <c>orchestrator/default</c> payload.</summary>
internal sealed class LiveTestHost : IAsyncDisposable
{
    /// <summary>Bounds every wait of these tests: on a manual clock nothing in the product times out by itself, so a
    /// hang must fail the test instead.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly ServiceProvider _provider;
    private readonly PublishingHost _publishing;

    private LiveTestHost(ServiceProvider provider, PublishingHost publishing, CapturedLogs logs)
    {
        _provider = provider;
        _publishing = publishing;
        Logs = logs;
    }

    public CapturedLogs Logs { get; }

    public LiveSet Live => _provider.GetRequiredService<LiveSet>();

    public ToolRouter Router => _provider.GetRequiredService<ToolRouter>();

    public LiveHealthMonitor Monitor => _provider.GetRequiredService<LiveHealthMonitor>();

    public ServerHealthStore HealthStore => _provider.GetRequiredService<ServerHealthStore>();

    public IServiceProvider Services => _provider;

    public static async Task<LiveTestHost> StartAsync(AzuriteFixture azurite, IDictionary<string, string?>? settings = null, TimeProvider? clock = null)
    {
        var publishing = await PublishingHost.StartAsync(azurite, TimeProvider.System);
        var values = new Dictionary<string, string?>
        {
            ["McpOrchestrator:Mcp:StdioShutdownTimeout"] = "00:00:00.200",
            ["McpOrchestrator:Mcp:RetryDelay"] = "00:00:00.020",
            ["McpOrchestrator:Mcp:ReconnectDelay"] = "00:00:00.050",
            ["McpOrchestrator:Mcp:DiscoverProbeTimeout"] = "00:00:10",

            // The test servers are inline stdio entries: the operator of these tests approves their commands.
            ["McpOrchestrator:Mcp:AllowedCommands"] = Tests.Mcp.TestServers.AllowedCommands,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var logs = new CapturedLogs();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        if (clock is not null)
        {
            services.AddSingleton(clock);
        }

        services.AddSingleton(publishing.Tables);
        services.AddSingleton(publishing.Artifacts);
        services.AddSingleton(publishing.Deployments);
        services.AddSingleton(new HostInstance("test-instance"));
        var healthTable = azurite.UniqueTableName("health");
        services.AddSingleton(provider => new ServerHealthStore(provider.GetRequiredService<TableServiceClient>(), provider.GetRequiredService<HostInstance>(), healthTable));
        services.AddLiveOrchestration(configuration);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        return new LiveTestHost(provider, publishing, logs);
    }

    /// <summary>Publishes <paramref name="servers"/> as the next version of <c>orchestrator/default</c> and deploys it.</summary>
    public async Task<Deployment> DeployAsync(params ServerConfig[] servers)
    {
        var payload = ConfigPayload.Create("orchestrator", "default", servers).ToJson();
        var artifact = await _publishing.PublishAsync(payload, clientId: "orchestrator");
        return await _publishing.DeployAsync(artifact.Version, clientId: "orchestrator");
    }

    /// <summary>Calls a tool through the router and returns its text, failing on a refusal.</summary>
    public async Task<string> CallTextAsync(string server, string tool, object? arguments = null, int? timeoutMs = null)
    {
        var result = await Router.CallAsync(Call(server, tool, arguments, timeoutMs), CancellationToken.None).WaitAsync(Deadline);
        return Text(result);
    }

    /// <summary>The problem a refused call answers with.</summary>
    public Task<Problem> RefusalAsync(string server, string tool, object? arguments = null, int? timeoutMs = null) =>
        RefusalAsync(Call(server, tool, arguments, timeoutMs));

    public async Task<Problem> RefusalAsync(ToolCall call)
    {
        var refused = await Assert.ThrowsAsync<ProblemException>(() => Router.CallAsync(call, CancellationToken.None).WaitAsync(Deadline));
        return refused.Problem;
    }

    public static ToolCall Call(string server, string tool, object? arguments = null, int? timeoutMs = null) => new()
    {
        Server = server,
        Tool = tool,
        Arguments = arguments is null ? null : JsonSerializer.SerializeToElement(arguments),
        TimeoutMs = timeoutMs,
    };

    public static string Text(LiveCallResult result) =>
        string.Concat(result.Content.EnumerateArray().Where(b => b.GetProperty("type").GetString() == "text").Select(b => b.GetProperty("text").GetString()));

    /// <summary>Completes when every connection of the live set (<paramref name="count"/> of them) is connected; fails
    /// with their states after the deadline.</summary>
    public async Task WaitConnectedAsync(int count, TimeSpan? deadline = null)
    {
        var connections = Live.Connections;
        Assert.Equal(count, connections.Count);
        try
        {
            await Task.WhenAll(connections.Select(c => WaitForStateAsync(c, LiveConnectionState.Connected))).WaitAsync(deadline ?? TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            Assert.Fail("Not all live connections connected: " + string.Join("; ", connections.Select(c => c.GetStatus()).Select(s => $"{s.Name} {s.State} {s.LastError}")));
        }
    }

    /// <summary>Completes when <paramref name="connection"/> is in <paramref name="state"/> (now or later).</summary>
    public static Task WaitForStateAsync(LiveConnection connection, LiveConnectionState state)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.StateChanged += (_, current) =>
        {
            if (current == state)
            {
                reached.TrySetResult();
            }
        };
        if (connection.State == state)
        {
            reached.TrySetResult();
        }

        return reached.Task;
    }

    public async ValueTask DisposeAsync()
    {
        await Live.StopAsync(CancellationToken.None).WaitAsync(Deadline);
        await _provider.DisposeAsync();
    }
}
