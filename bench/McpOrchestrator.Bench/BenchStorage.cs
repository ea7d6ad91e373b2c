using Azure.Data.Tables;
using McpOrchestrator.Core.Health;
using McpOrchestrator.Core.Storage;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Bench;

/// <summary>One Azurite for the whole run, holding the heartbeat row that <c>GET /health</c> reads, and the raw
/// point read of that row with Azure.Data.Tables' <see cref="TableClient"/>: the baseline of the health measurement.</summary>
public sealed class BenchStorage : IAsyncDisposable
{
    /// <summary>The host instance id given to every Functions app the bench starts (<c>WEBSITE_INSTANCE_ID</c>), so
    /// that its <c>GET /health</c> reads the row seeded here whatever the machine is called.</summary>
    public const string InstanceId = "mcp-bench";

    /// <summary>The partition <see cref="HeartbeatStore"/> writes its rows to.</summary>
    public const string HeartbeatPartition = "health-timer";

    private readonly AzuriteProcess _azurite;

    private BenchStorage(AzuriteProcess azurite, TableServiceClient tables, IReadOnlyDictionary<string, string> extra)
    {
        _azurite = azurite;
        Tables = tables;
        Heartbeats = tables.GetTableClient(HeartbeatStore.TableName);
        AppEnvironment = new Dictionary<string, string>(extra)
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["WEBSITE_INSTANCE_ID"] = InstanceId,
        };
    }

    /// <summary>The run's storage account, through Core's client (for seeding the tables other measurements read).</summary>
    public TableServiceClient Tables { get; }

    /// <summary>The heartbeat table, through the same client type and default options as the Functions app uses.</summary>
    public TableClient Heartbeats { get; }

    /// <summary>Environment variables for the Functions app: Azurite as its storage, <see cref="InstanceId"/> as its id.</summary>
    public IReadOnlyDictionary<string, string> AppEnvironment { get; }

    /// <summary>Starts Azurite and writes the heartbeat row with Core's <see cref="HeartbeatStore"/>, as the health timer
    /// does. <paramref name="extra"/> joins <see cref="AppEnvironment"/> (<c>--app-env</c>).</summary>
    public static async Task<BenchStorage> StartAsync(IReadOnlyDictionary<string, string> extra, CancellationToken cancellationToken)
    {
        var azurite = await AzuriteProcess.StartWithBlobsAndQueuesAsync(cancellationToken);
        try
        {
            var tables = TableStorage.CreateServiceClient(azurite.ConnectionString);
            await new HeartbeatStore(tables, TimeProvider.System, new HostInstance(InstanceId)).RecordAsync(isPastDue: false, cancellationToken);
            return new BenchStorage(azurite, tables, extra);
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }
    }

    /// <summary>The baseline operation: one point read of the heartbeat row.</summary>
    public async Task<TableEntity> ReadHeartbeatAsync(CancellationToken cancellationToken) =>
        await Heartbeats.GetEntityOrNullAsync(HeartbeatPartition, InstanceId, cancellationToken)
        ?? throw new BenchFailedException($"The heartbeat row ({HeartbeatPartition}, {InstanceId}) is missing from {HeartbeatStore.TableName}.");

    public ValueTask DisposeAsync() => _azurite.DisposeAsync();
}
