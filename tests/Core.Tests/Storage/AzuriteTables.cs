using McpOrchestrator.Core.Storage;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Core.Tests.Storage;

/// <summary>Clients on the test class's Azurite and fresh tables for each test.</summary>
internal sealed class AzuriteTables(AzuriteFixture azurite)
{
    public TableServiceClient Service { get; } = new(StorageConnection.Parse(azurite.ConnectionString));

    /// <summary>A new, created table only this test uses.</summary>
    public async Task<TableClient> NewTableAsync(string prefix = "t")
    {
        var table = Service.GetTableClient(azurite.UniqueTableName(prefix));
        Assert.True(await table.CreateIfNotExistsAsync());
        return table;
    }

    /// <summary>A client for a table that was never created: a request that reaches the service fails with 404.</summary>
    public TableClient MissingTable() => Service.GetTableClient(azurite.UniqueTableName("missing"));

    public static async Task<List<TableEntity>> AllAsync(TableClient table, string? filter = null)
    {
        var list = new List<TableEntity>();
        await foreach (var entity in table.QueryAsync(filter))
        {
            list.Add(entity);
        }

        return list;
    }
}
