using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Publishing.Artifacts;
using McpOrchestrator.Core.Publishing.Deployments;
using McpOrchestrator.Core.Signing;
using McpOrchestrator.Core.Storage;
using McpOrchestrator.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace McpOrchestrator.Functions.Tests.Live;

/// <summary>
/// The service with live servers: a fresh Azurite, an <c>orchestrator/default</c> deployment of the given servers
/// written through Core (signing key, artifact, deployment) before the service starts, then the built service as a
/// process, which makes them live at start. Its environment carries a marker, so the test can find its process and
/// stop it gracefully (SIGTERM), as a host does.
/// </summary>
internal sealed class LiveService : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private LiveService(AzuriteProcess azurite, FunctionsAppProcess service, string apiKey)
    {
        Azurite = azurite;
        Service = service;
        ApiKey = apiKey;
        Api = new ApiClient(service, apiKey);
    }

    public AzuriteProcess Azurite { get; }

    public FunctionsAppProcess Service { get; }

    public string ApiKey { get; }

    public ApiClient Api { get; }

    public static async Task<LiveService> StartAsync(IReadOnlyList<ServerConfig> servers, IReadOnlyDictionary<string, string>? settings = null)
    {
        var azurite = await AzuriteProcess.StartWithBlobsAndQueuesAsync();
        try
        {
            await DeployAsync(azurite.ConnectionString, servers);
            var apiKey = "live-key-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            var environment = new Dictionary<string, string>
            {
                ["AzureWebJobsStorage"] = azurite.ConnectionString,
                ["McpOrchestrator__ApiKey"] = apiKey,

                // server-everything never exits when its stdin closes: it is killed after this grace.
                ["McpOrchestrator__Mcp__StdioShutdownTimeout"] = "00:00:00.300",
                ["McpOrchestrator__Mcp__DiscoverProbeTimeout"] = "00:00:10",

                // The deployed test servers are inline stdio entries: the operator of these tests approves their commands.
                ["McpOrchestrator__Mcp__AllowedCommands"] = "node,dotnet,sh",
            };
            foreach (var (name, value) in settings ?? new Dictionary<string, string>())
            {
                environment[name] = value;
            }

            var service = await FunctionsAppProcess.StartAsync(environment);
            return new LiveService(azurite, service, apiKey);
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }
    }

    /// <summary>Publishes <paramref name="servers"/> as the next version of <c>orchestrator/default</c> and deploys
    /// it, through Core on the same storage (initialising a signing key if there is none).</summary>
    public static async Task DeployAsync(string connectionString, IReadOnlyList<ServerConfig> servers)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = connectionString }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddTableStorage(configuration).AddSigning(configuration).AddDeploymentStore();
        await using var provider = services.BuildServiceProvider();
        var signing = provider.GetRequiredService<SigningKeyService>();
        if (!(await signing.GetStatusAsync(CancellationToken.None)).Present)
        {
            await signing.InitializeAsync(rotate: false, CancellationToken.None);
        }

        var artifact = await provider.GetRequiredService<ArtifactStore>().PublishAsync(
            new PublishRequest
            {
                ClientId = "orchestrator",
                ProfileId = "default",
                Payload = ConfigPayload.Create("orchestrator", "default", servers).ToJson(),
                PublishedBy = "api-key",
            },
            CancellationToken.None);
        await provider.GetRequiredService<DeploymentStore>().DeployAsync(
            new DeployRequest { ClientId = "orchestrator", ProfileId = "default", Version = artifact.Version, DeployedBy = "api-key" },
            CancellationToken.None);
    }

    /// <summary>Completes when <c>GET /v1/connections</c> lists <paramref name="count"/> connections, all connected;
    /// polled every 100 ms (the service has no push channel), failing with the last answer after the deadline.</summary>
    public async Task<JsonArray> WaitAllConnectedAsync(int count)
    {
        var until = DateTime.UtcNow + Deadline;
        while (true)
        {
            var connections = (await Api.GetAsync("/v1/connections"))["connections"]!.AsArray();
            if (connections.Count == count && connections.All(c => (string?)c!["state"] == "connected"))
            {
                return connections;
            }

            Assert.True(DateTime.UtcNow < until, $"Not all {count} servers connected: {connections.ToJsonString()}");
            await Task.Delay(100);
        }
    }

    /// <summary>Sends SIGTERM to the service, as a host stopping it does, and waits for the process to exit.</summary>
    public async Task StopGracefullyAsync()
    {
        var pid = Service.ProcessId;
        using (var kill = Process.Start("kill", ["-TERM", pid.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        var until = DateTime.UtcNow + Deadline;
        while (Directory.Exists($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}") && !IsZombie(pid))
        {
            Assert.True(DateTime.UtcNow < until, $"The service did not exit within {Deadline.TotalSeconds} s of SIGTERM:\n{Service.Output}");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Service.DisposeAsync();
        await Azurite.DisposeAsync();
    }

    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return false;
        }
    }
}
