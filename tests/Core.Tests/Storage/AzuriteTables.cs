using Azure.Data.Tables;
using McpOrchestrator.Core.Storage;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Core.Tests.Storage;

/// <summary>Clients on the test class's Azurite and fresh tables for each test.</summary>
internal sealed class AzuriteTables(AzuriteFixture azurite)
{
    private static readonly HashSet<string> SystemProperties = new(StringComparer.Ordinal) { "PartitionKey", "RowKey", "Timestamp", "odata.etag" };

    public TableServiceClient Service { get; } = TableStorage.CreateServiceClient(azurite.ConnectionString);

    /// <summary>A new, created table only this test uses.</summary>
    public async Task<TableClient> NewTableAsync(string prefix = "t")
    {
        var table = Service.GetTableClient(azurite.UniqueTableName(prefix));
        Assert.NotNull((await table.CreateIfNotExistsAsync()).Value);
        return table;
    }

    /// <summary>A client for a table that was never created: a request that reaches the service fails with 404.</summary>
    public TableClient MissingTable() => Service.GetTableClient(azurite.UniqueTableName("missing"));

    public static async Task<List<TableEntity>> AllAsync(TableClient table, string? filter = null)
    {
        var list = new List<TableEntity>();
        await foreach (var entity in table.QueryAsync<TableEntity>(filter))
        {
            list.Add(entity);
        }

        return list;
    }

    /// <summary>The entity's own properties: not its keys, Timestamp or ETag.</summary>
    public static Dictionary<string, object> CustomProperties(TableEntity entity) =>
        ((IDictionary<string, object>)entity).Where(p => !SystemProperties.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
}
