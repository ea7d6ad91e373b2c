using Azure;
using McpOrchestrator.Core.Storage;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Core.Tests.Storage;

public sealed class TableClientTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private readonly AzuriteTables _tables = new(azurite);

    [Fact]
    public async Task CreateIfNotExistsAsync_CalledTwice_CreatesOnceThenReportsExisting()
    {
        var table = _tables.Service.GetTableClient(azurite.UniqueTableName());

        Assert.True(await table.CreateIfNotExistsAsync());
        Assert.False(await table.CreateIfNotExistsAsync());

        await table.AddEntityAsync(new TableEntity("p", "r"));
        Assert.NotNull(await table.GetEntityIfExistsAsync("p", "r"));
    }

    [Fact]
    public async Task DeleteTableAsync_ExistingThenAgain_DeletesThenReportsMissing()
    {
        var table = await _tables.NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "r"));

        Assert.True(await table.DeleteTableAsync());
        Assert.False(await table.DeleteTableAsync());

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => table.AddEntityAsync(new TableEntity("p", "r2")));
        Assert.Equal(404, error.Status);
        Assert.Equal("TableNotFound", error.ErrorCode);
    }

    [Fact]
    public void GetTableClient_InvalidName_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => _tables.Service.GetTableClient("1abc"));
        Assert.Throws<ArgumentException>(() => _tables.Service.GetTableClient("ab"));
        Assert.Throws<ArgumentException>(() => _tables.Service.GetTableClient("has-dash"));
        Assert.Throws<ArgumentException>(() => _tables.Service.GetTableClient("tables"));
        Assert.Throws<ArgumentException>(() => _tables.Service.GetTableClient(new string('a', 64)));
    }

    [Fact]
    public async Task AddEntityAsync_NewEntity_ReturnsETagOfStoredEntity()
    {
        var table = await _tables.NewTableAsync();

        var etag = await table.AddEntityAsync(new TableEntity("p", "r") { ["Name"] = "first" });

        var stored = await table.GetEntityAsync("p", "r");
        Assert.NotEqual(default, etag);
        Assert.Equal(etag, stored.ETag);
        Assert.Equal("first", stored.GetString("Name"));
        Assert.NotNull(stored.Timestamp);
    }

    [Fact]
    public async Task AddEntityAsync_DuplicateKeys_Throws409EntityAlreadyExists()
    {
        var table = await _tables.NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "r") { ["Name"] = "first" });

        var error = await Assert.ThrowsAsync<RequestFailedException>(
            () => table.AddEntityAsync(new TableEntity("p", "r") { ["Name"] = "second" }));

        Assert.Equal(409, error.Status);
        Assert.Equal("EntityAlreadyExists", error.ErrorCode);
        Assert.Equal("first", (await table.GetEntityAsync("p", "r")).GetString("Name"));
    }

    [Fact]
    public async Task GetEntityAsync_Missing_Throws404ResourceNotFound()
    {
        var table = await _tables.NewTableAsync();

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => table.GetEntityAsync("p", "nope"));

        Assert.Equal(404, error.Status);
        Assert.Equal("ResourceNotFound", error.ErrorCode);
    }

    [Fact]
    public async Task GetEntityIfExistsAsync_Missing_ReturnsNull()
    {
        var table = await _tables.NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "present"));

        Assert.Null(await table.GetEntityIfExistsAsync("p", "absent"));
        Assert.NotNull(await table.GetEntityIfExistsAsync("p", "present"));
    }

    [Fact]
    public async Task GetEntityIfExistsAsync_MissingTable_Throws404TableNotFound()
    {
        var table = _tables.MissingTable();

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => table.GetEntityIfExistsAsync("p", "r"));

        Assert.Equal(404, error.Status);
        Assert.Equal("TableNotFound", error.ErrorCode);
    }

    [Fact]
    public async Task UpsertEntityAsync_Replace_DropsPropertiesNotWritten()
    {
        var table = await _tables.NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "r") { ["Keep"] = "old", ["Change"] = 1 });

        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["Change"] = 2 }, TableUpdateMode.Replace);

        var stored = await table.GetEntityAsync("p", "r");
        Assert.False(stored.ContainsKey("Keep"));
        Assert.Equal(2, stored.GetInt32("Change"));
    }

    [Fact]
    public async Task UpsertEntityAsync_Merge_KeepsPropertiesNotWritten()
    {
        var table = await _tables.NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "r") { ["Keep"] = "old", ["Change"] = 1 });

        var etag = await table.UpsertEntityAsync(new TableEntity("p", "r") { ["Change"] = 2 }, TableUpdateMode.Merge);

        var stored = await table.GetEntityAsync("p", "r");
        Assert.Equal("old", stored.GetString("Keep"));
        Assert.Equal(2, stored.GetInt32("Change"));
        Assert.Equal(etag, stored.ETag);
    }

    [Theory]
    [InlineData(TableUpdateMode.Merge)]
    [InlineData(TableUpdateMode.Replace)]
    public async Task UpsertEntityAsync_Missing_Inserts(TableUpdateMode mode)
    {
        var table = await _tables.NewTableAsync();

        await table.UpsertEntityAsync(new TableEntity("p", "new") { ["V"] = "x" }, mode);

        Assert.Equal("x", (await table.GetEntityAsync("p", "new")).GetString("V"));
    }

    [Theory]
    [InlineData(TableUpdateMode.Merge)]
    [InlineData(TableUpdateMode.Replace)]
    public async Task UpdateEntityAsync_CurrentETag_AppliesAndReturnsNewETag(TableUpdateMode mode)
    {
        var table = await _tables.NewTableAsync();
        var first = await table.AddEntityAsync(new TableEntity("p", "r") { ["V"] = 1, ["Other"] = "o" });

        var second = await table.UpdateEntityAsync(new TableEntity("p", "r") { ["V"] = 2 }, first, mode);

        var stored = await table.GetEntityAsync("p", "r");
        Assert.NotEqual(first, second);
        Assert.Equal(second, stored.ETag);
        Assert.Equal(2, stored.GetInt32("V"));
        Assert.Equal(mode == TableUpdateMode.Merge, stored.ContainsKey("Other"));
    }

    [Theory]
    [InlineData(TableUpdateMode.Merge)]
    [InlineData(TableUpdateMode.Replace)]
    public async Task UpdateEntityAsync_StaleETag_Throws412AndKeepsStoredValue(TableUpdateMode mode)
    {
        var table = await _tables.NewTableAsync();
        var stale = await table.AddEntityAsync(new TableEntity("p", "r") { ["V"] = 1 });
        await table.UpdateEntityAsync(new TableEntity("p", "r") { ["V"] = 2 }, stale, mode);

        var error = await Assert.ThrowsAsync<RequestFailedException>(
            () => table.UpdateEntityAsync(new TableEntity("p", "r") { ["V"] = 3 }, stale, mode));

        Assert.Equal(412, error.Status);
        Assert.Equal("UpdateConditionNotSatisfied", error.ErrorCode);
        Assert.Equal(2, (await table.GetEntityAsync("p", "r")).GetInt32("V"));
    }

    [Fact]
    public async Task UpdateEntityAsync_MissingEntity_Throws404()
    {
        var table = await _tables.NewTableAsync();

        var error = await Assert.ThrowsAsync<RequestFailedException>(
            () => table.UpdateEntityAsync(new TableEntity("p", "ghost") { ["V"] = 1 }, ETag.All));

        Assert.Equal(404, error.Status);
        Assert.Equal("ResourceNotFound", error.ErrorCode);
    }

    [Fact]
    public async Task UpdateEntityAsync_DefaultETag_ThrowsArgumentExceptionBeforeSending()
    {
        var table = _tables.MissingTable();

        await Assert.ThrowsAsync<ArgumentException>(() => table.UpdateEntityAsync(new TableEntity("p", "r"), default));
    }

    [Fact]
    public async Task DeleteEntityAsync_StaleETag_Throws412AndKeepsEntity()
    {
        var table = await _tables.NewTableAsync();
        var stale = await table.AddEntityAsync(new TableEntity("p", "r") { ["V"] = 1 });
        await table.UpsertEntityAsync(new TableEntity("p", "r") { ["V"] = 2 });

        var error = await Assert.ThrowsAsync<RequestFailedException>(() => table.DeleteEntityAsync("p", "r", stale));

        Assert.Equal(412, error.Status);
        Assert.Equal("UpdateConditionNotSatisfied", error.ErrorCode);
        Assert.NotNull(await table.GetEntityIfExistsAsync("p", "r"));
    }

    [Fact]
    public async Task DeleteEntityAsync_CurrentETag_Deletes()
    {
        var table = await _tables.NewTableAsync();
        var current = await table.AddEntityAsync(new TableEntity("p", "r"));

        Assert.True(await table.DeleteEntityAsync("p", "r", current));

        Assert.Null(await table.GetEntityIfExistsAsync("p", "r"));
    }

    [Fact]
    public async Task DeleteEntityAsync_NoETagThenMissing_DeletesThenReturnsFalse()
    {
        var table = await _tables.NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "r"));

        Assert.True(await table.DeleteEntityAsync("p", "r"));
        Assert.False(await table.DeleteEntityAsync("p", "r"));
    }

    [Fact]
    public async Task AddEntityAsync_EveryPropertyType_RoundTripsWithTypes()
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
            ["Min"] = long.MinValue,
            ["Small64"] = 7L,
            ["Whole"] = 42.0,
            ["Fraction"] = 0.1 + 0.2,
            ["Huge"] = 1.7976931348623157E+308,
            ["NotANumber"] = double.NaN,
            ["Infinite"] = double.NegativeInfinity,
            ["When"] = when,
            ["Id"] = id,
            ["Bytes"] = bytes,
            ["NoBytes"] = Array.Empty<byte>(),
        };

        await table.AddEntityAsync(entity);

        foreach (var stored in new[] { await table.GetEntityAsync("p", "r"), Assert.Single(await AzuriteTables.AllAsync(table)) })
        {
            Assert.Equal(unicode, stored["Text"]);
            Assert.Equal(string.Empty, stored["Empty"]);
            Assert.Equal(true, stored["Flag"]);
            Assert.Equal(int.MinValue, stored["Int"]);
            Assert.Equal(9_007_199_254_740_993L, stored["Big"]);
            Assert.Equal(long.MaxValue, stored["Max"]);
            Assert.Equal(long.MinValue, stored["Min"]);
            Assert.Equal(7L, stored["Small64"]);
            Assert.Equal(42.0, stored["Whole"]);
            Assert.Equal(0.1 + 0.2, stored["Fraction"]);
            Assert.Equal(1.7976931348623157E+308, stored["Huge"]);
            Assert.Equal(double.NaN, stored["NotANumber"]);
            Assert.Equal(double.NegativeInfinity, stored["Infinite"]);
            Assert.Equal(when, stored["When"]);
            Assert.Equal(when.UtcTicks, stored.GetDateTimeOffset("When")!.Value.UtcTicks);
            Assert.Equal(id, stored["Id"]);
            Assert.Equal(bytes, stored.GetBinary("Bytes"));
            Assert.Equal(Array.Empty<byte>(), stored.GetBinary("NoBytes"));
            Assert.Equal(17, stored.Properties.Count);
        }
    }

    [Fact]
    public async Task QueryAsync_SelectedProperties_ReturnsOnlyThose()
    {
        var table = await _tables.NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "r") { ["A"] = "a", ["B"] = "b", ["C"] = 3L });

        var page = await table.QueryPageAsync(select: ["A", "C"]);

        var entity = Assert.Single(page.Items);
        Assert.Equal("a", entity.GetString("A"));
        Assert.Equal(3L, entity.GetInt64("C"));
        Assert.False(entity.ContainsKey("B"));
        Assert.NotEqual(default, entity.ETag);
    }
}
