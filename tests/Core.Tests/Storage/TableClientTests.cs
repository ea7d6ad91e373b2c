using Azure;
using Azure.Data.Tables;
using McpOrchestrator.Core.Storage;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Core.Tests.Storage;

/// <summary>What the stores rely on from Azure.Data.Tables and Core's helpers, against real Azurite: point reads,
/// ETag-guarded writes, typed properties and the "no table yet" reads.</summary>
public sealed class TableClientTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private readonly AzuriteTables _tables = new(azurite);

    [Theory]
    [InlineData("ab")]
    [InlineData("1table")]
    [InlineData("with-dash")]
    [InlineData("tables")]
    public void GetCheckedTableClient_InvalidName_ThrowsArgumentExceptionNamingIt(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => _tables.Service.GetCheckedTableClient(name));

        Assert.Contains($"'{name}' is not a valid table name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetEntityOrNullAsync_Missing_ReturnsNull()
    {
        var table = await _tables.NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "other"));

        Assert.Null(await table.GetEntityOrNullAsync("p", "r"));
    }

    [Fact]
    public async Task GetEntityOrNullAsync_MissingTable_ReturnsNull()
    {
        var table = _tables.MissingTable();

        Assert.Null(await table.GetEntityOrNullAsync("p", "r"));
    }

    [Fact]
    public async Task GetEntityOrNullAsync_Present_ReturnsEntityWithItsETag()
    {
        var table = await _tables.NewTableAsync();
        var etag = (await table.AddEntityAsync(new TableEntity("p", "r") { ["V"] = "x" })).ETagOf();

        var read = await table.GetEntityOrNullAsync("p", "r");

        Assert.NotNull(read);
        Assert.Equal(etag, read.ETag);
        Assert.Equal("x", read.GetString("V"));
    }

    [Fact]
    public async Task QueryOrEmptyAsync_MissingTable_ReturnsNothing()
    {
        var table = _tables.MissingTable();

        Assert.Empty(await table.QueryOrEmptyAsync(TableClient.CreateQueryFilter($"PartitionKey eq {"p"}")));
    }

    [Fact]
    public async Task QueryOrEmptyAsync_SelectedProperties_ReturnsOnlyThose()
    {
        var table = await _tables.NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "r") { ["A"] = "a", ["B"] = "b", ["C"] = 3L });
        await table.AddEntityAsync(new TableEntity("q", "r") { ["A"] = "other" });

        var rows = await table.QueryOrEmptyAsync(TableClient.CreateQueryFilter($"PartitionKey eq {"p"}"), ["A", "C"]);

        var entity = Assert.Single(rows);
        Assert.Equal("a", entity.GetString("A"));
        Assert.Equal(3L, entity.GetInt64("C"));
        Assert.False(entity.ContainsKey("B"));
        Assert.NotEqual(default, entity.ETag);
    }

    [Theory]
    [InlineData(TableUpdateMode.Merge)]
    [InlineData(TableUpdateMode.Replace)]
    public async Task UpdateEntityAsync_CurrentETag_AppliesAndReturnsNewETag(TableUpdateMode mode)
    {
        var table = await _tables.NewTableAsync();
        var first = (await table.AddEntityAsync(new TableEntity("p", "r") { ["V"] = 1 })).ETagOf();

        var second = (await table.UpdateEntityAsync(new TableEntity("p", "r") { ["V"] = 2 }, first, mode)).ETagOf();

        Assert.NotEqual(first, second);
        var stored = await table.GetEntityOrNullAsync("p", "r");
        Assert.Equal(2, stored!.GetInt32("V"));
        Assert.Equal(second, stored.ETag);
    }

    [Theory]
    [InlineData(TableUpdateMode.Merge)]
    [InlineData(TableUpdateMode.Replace)]
    public async Task UpdateEntityAsync_StaleETag_Throws412AndKeepsStoredValue(TableUpdateMode mode)
    {
        var table = await _tables.NewTableAsync();
        var stale = (await table.AddEntityAsync(new TableEntity("p", "r") { ["V"] = 1 })).ETagOf();
        await table.UpdateEntityAsync(new TableEntity("p", "r") { ["V"] = 2 }, stale, mode);

        var error = await Assert.ThrowsAsync<RequestFailedException>(
            () => table.UpdateEntityAsync(new TableEntity("p", "r") { ["V"] = 3 }, stale, mode));

        Assert.Equal(412, error.Status);
        Assert.Equal("UpdateConditionNotSatisfied", error.ErrorCode);
        Assert.Equal(2, (await table.GetEntityOrNullAsync("p", "r"))!.GetInt32("V"));
    }

    [Fact]
    public async Task DeleteEntityAsync_StaleETag_Throws412AndKeepsEntity()
    {
        var table = await _tables.NewTableAsync();
        var stale = (await table.AddEntityAsync(new TableEntity("p", "r") { ["V"] = 1 })).ETagOf();
        await table.UpdateEntityAsync(new TableEntity("p", "r") { ["V"] = 2 }, stale);

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => table.DeleteEntityAsync("p", "r", stale));

        Assert.Equal(412, error.Status);
        Assert.NotNull(await table.GetEntityOrNullAsync("p", "r"));
    }

    [Fact]
    public async Task AddEntityAsync_DuplicateKeys_Throws409EntityAlreadyExists()
    {
        var table = await _tables.NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "r"));

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => table.AddEntityAsync(new TableEntity("p", "r")));

        Assert.Equal(409, error.Status);
        Assert.Equal("EntityAlreadyExists", error.ErrorCode);
    }

    [Fact]
    public async Task AddEntityAsync_NullValue_IsNotStored()
    {
        // Stores set optional columns to null (e.g. a changelog that was not given); such a column must read as absent.
        var table = await _tables.NewTableAsync();

        await table.AddEntityAsync(new TableEntity("p", "r") { ["Optional"] = null, ["Present"] = "x" });

        var stored = await table.GetEntityOrNullAsync("p", "r");
        Assert.Null(stored!.GetString("Optional"));
        Assert.Null(stored.GetInt32("Optional"));
        Assert.Equal("x", stored.GetString("Present"));
    }

    [Fact]
    public async Task AddEntityAsync_EveryPropertyTypeTheStoresUse_RoundTripsWithTypes()
    {
        var table = await _tables.NewTableAsync();
        var when = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.FromHours(2)).AddTicks(1_234_567);
        var id = Guid.NewGuid();
        var bytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        const string unicode = "😀 中文 עברית العربية e\u0301 \"quoted\" 'single' \\ back\nnew line";
        var entity = new TableEntity("p", "r")
        {
            ["Text"] = unicode,
            ["Empty"] = string.Empty,
            ["Flag"] = true,
            ["Int"] = int.MinValue,
            ["Big"] = 9_007_199_254_740_993L,
            ["Max"] = long.MaxValue,
            ["Small64"] = 7L,
            ["Whole"] = 42.0,
            ["Fraction"] = 0.1 + 0.2,
            ["When"] = when,
            ["Id"] = id,
            ["Bytes"] = bytes,
        };

        await table.AddEntityAsync(entity);

        foreach (var stored in new[] { (await table.GetEntityOrNullAsync("p", "r"))!, Assert.Single(await AzuriteTables.AllAsync(table)) })
        {
            Assert.Equal(unicode, stored.GetString("Text"));
            Assert.Equal(string.Empty, stored.GetString("Empty"));
            Assert.True(stored.GetBoolean("Flag"));
            Assert.Equal(int.MinValue, stored.GetInt32("Int"));
            Assert.Equal(9_007_199_254_740_993L, stored.GetInt64("Big"));
            Assert.Equal(long.MaxValue, stored.GetInt64("Max"));
            Assert.Equal(7L, stored.GetInt64("Small64"));
            Assert.Equal(42.0, stored.GetDouble("Whole"));
            Assert.Equal(0.1 + 0.2, stored.GetDouble("Fraction"));
            Assert.Equal(when, Assert.IsType<DateTimeOffset>(stored["When"]));
            Assert.Equal(when.UtcTicks, stored.GetDateTimeOffset("When")!.Value.UtcTicks);
            Assert.Equal(id, stored.GetGuid("Id"));
            Assert.Equal(bytes, stored.GetBinary("Bytes"));
            Assert.Equal(12, AzuriteTables.CustomProperties(stored).Count);
        }
    }
}
