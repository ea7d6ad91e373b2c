using System.Text.Json;
using System.Text.Json.Nodes;
using Grpc.Net.Client;
using McpOrchestrator.LocalHost.Durable;
using McpOrchestrator.LocalHost.Extensions;
using McpOrchestrator.TestSupport;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Client.Grpc;
using Microsoft.Extensions.Logging;

namespace McpOrchestrator.LocalHost.Tests.Durable;

/// <summary>The Durable extension started on a task hub of real Azurite with an <see cref="InProcessWorker"/>, and a
/// real <see cref="DurableTaskClient"/> built from the extension's <c>durableClient</c> binding JSON, as the worker's
/// converter builds it.</summary>
internal sealed class DurableBridge : IAsyncDisposable
{
    private readonly ILoggerFactory _loggerFactory;
    private readonly GrpcChannel _channel;

    private DurableBridge(DurableExtension extension, ILoggerFactory loggerFactory, CapturedLogs logs, GrpcChannel channel, DurableTaskClient client, JsonObject clientJson)
    {
        Extension = extension;
        _loggerFactory = loggerFactory;
        Logs = logs;
        _channel = channel;
        Client = client;
        ClientJson = clientJson;
    }

    public DurableExtension Extension { get; }

    public CapturedLogs Logs { get; }

    public DurableTaskClient Client { get; }

    public JsonObject ClientJson { get; }

    public static HostContext Context(string connectionString, string hubName, JsonObject? durableTask = null)
    {
        var durable = durableTask ?? [];
        durable["hubName"] = hubName;
        return new HostContext(
            Path.GetTempPath(),
            new JsonObject { ["version"] = "2.0", ["extensions"] = new JsonObject { ["durableTask"] = durable } },
            new Dictionary<string, string> { ["AzureWebJobsStorage"] = connectionString });
    }

    /// <summary>Starts the extension for <paramref name="worker"/>; <paramref name="stopLimit"/> replaces its
    /// <see cref="DurableExtension.DefaultStopLimit"/>.</summary>
    public static async Task<DurableBridge> StartAsync(HostContext context, IWorkerFunctions worker, TimeSpan? stopLimit = null)
    {
        var logs = new CapturedLogs();
        var loggerFactory = LoggerFactory.Create(builder => builder
            .AddProvider(logs)
            .SetMinimumLevel(LogLevel.Debug)
            .AddFilter("DurableTask", LogLevel.Warning));
        var extension = new DurableExtension(context, loggerFactory, TimeProvider.System)
        {
            StopLimit = stopLimit ?? DurableExtension.DefaultStopLimit,
        };
        await extension.StartAsync(worker, CancellationToken.None);

        var binding = new FunctionBinding("client", "durableClient", "in", new JsonObject { ["name"] = "client", ["type"] = "durableClient", ["direction"] = "In" });
        var json = (JsonNode.Parse(((InvocationValue.Text)extension.ProvideInput(binding)).Value) as JsonObject)!;
        var channel = GrpcChannel.ForAddress(new Uri((string)json["rpcBaseUrl"]!, UriKind.Absolute));
        var client = new GrpcDurableTaskClient(
            (string)json["taskHubName"]!, new GrpcDurableTaskClientOptions { Channel = channel }, loggerFactory.CreateLogger<GrpcDurableTaskClient>());
        return new DurableBridge(extension, loggerFactory, logs, channel, client, json);
    }

    public static Task<DurableBridge> StartAsync(string connectionString, string hubName, IWorkerFunctions worker, JsonObject? durableTask = null) =>
        StartAsync(Context(connectionString, hubName, durableTask), worker);

    /// <summary>Waits (up to a minute) for the instance to finish.</summary>
    public async Task<OrchestrationMetadata> CompletionAsync(string instanceId)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        return await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, deadline.Token);
    }

    public static T? Output<T>(OrchestrationMetadata metadata) =>
        metadata.SerializedOutput is null ? default : JsonSerializer.Deserialize<T>(metadata.SerializedOutput);

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        _channel.Dispose();
        await Extension.DisposeAsync();
        _loggerFactory.Dispose();
    }
}
