using Azure;
using Azure.Data.Tables;
using McpOrchestrator.Core.Storage;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Core.Tests.Storage;

/// <summary>Entity group transactions through Azure.Data.Tables (via Core's checked submit), against real Azurite.</summary>
public sealed class TableTransactionTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private readonly AzuriteTables _tables = new(azurite);

    [Fact]
    public async Task SubmitTransactionAsync_ThirdActionIsDuplicateInsert_FailsAtIndex2AndWritesNothing()
    {
        var table = await _tables.NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "r2") { ["Original"] = true });

        var error = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitCheckedTransactionAsync(
            [.. Enumerable.Range(0, 5).Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", $"r{i}") { ["I"] = i }))]));

        Assert.Equal(2, error.FailedTransactionActionIndex);
        Assert.Equal(409, error.Status);
        Assert.Equal("EntityAlreadyExists", error.ErrorCode);
        var only = Assert.Single(await AzuriteTables.AllAsync(table));
        Assert.Equal("r2", only.RowKey);
        Assert.True(only.GetBoolean("Original"));
        Assert.False(only.ContainsKey("I"));
    }

    [Fact]
    public async Task SubmitTransactionAsync_StaleETagInLastAction_Fails412AndRollsBackEarlierActions()
    {
        var table = await _tables.NewTableAsync();
        var stale = (await table.AddEntityAsync(new TableEntity("p", "guarded") { ["V"] = 1 })).ETagOf();
        await table.UpsertEntityAsync(new TableEntity("p", "guarded") { ["V"] = 2 });
        await table.AddEntityAsync(new TableEntity("p", "doomed"));

        var error = await Assert.ThrowsAsync<TableTransactionFailedException>(() => table.SubmitCheckedTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p", "new")),
            new(TableTransactionActionType.Delete, new TableEntity("p", "doomed")),
            new(TableTransactionActionType.UpdateReplace, new TableEntity("p", "guarded") { ["V"] = 3 }, stale),
        ]));

        Assert.Equal(2, error.FailedTransactionActionIndex);
        Assert.Equal(412, error.Status);
        Assert.Equal("UpdateConditionNotSatisfied", error.ErrorCode);
        var rows = await AzuriteTables.AllAsync(table);
        Assert.Equal(["doomed", "guarded"], rows.Select(r => r.RowKey));
        Assert.Equal(2, rows[1].GetInt32("V"));
    }

    [Fact]
    public async Task SubmitTransactionAsync_MixedActions_AppliesAllAndReturnsTheirETags()
    {
        var table = await _tables.NewTableAsync();
        var mergeETag = (await table.AddEntityAsync(new TableEntity("p", "merge") { ["Keep"] = "k", ["V"] = 1 })).ETagOf();
        var replaceETag = (await table.AddEntityAsync(new TableEntity("p", "replace") { ["Drop"] = "d", ["V"] = 1 })).ETagOf();
        await table.AddEntityAsync(new TableEntity("p", "upsertMerge") { ["Keep"] = "k" });
        await table.AddEntityAsync(new TableEntity("p", "upsertReplace") { ["Drop"] = "d" });
        await table.AddEntityAsync(new TableEntity("p", "delete"));

        var etags = await table.SubmitCheckedTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p", "add") { ["V"] = 2 }),
            new(TableTransactionActionType.UpdateMerge, new TableEntity("p", "merge") { ["V"] = 2 }, mergeETag),
            new(TableTransactionActionType.UpdateReplace, new TableEntity("p", "replace") { ["V"] = 2 }, replaceETag),
            new(TableTransactionActionType.UpsertMerge, new TableEntity("p", "upsertMerge") { ["V"] = 2 }),
            new(TableTransactionActionType.UpsertReplace, new TableEntity("p", "upsertReplace") { ["V"] = 2 }),
            new(TableTransactionActionType.UpsertMerge, new TableEntity("p", "upsertNew") { ["V"] = 2 }),
            new(TableTransactionActionType.Delete, new TableEntity("p", "delete")),
        ]);

        var rows = (await AzuriteTables.AllAsync(table)).ToDictionary(r => r.RowKey);
        Assert.Equal(["add", "merge", "replace", "upsertMerge", "upsertNew", "upsertReplace"], rows.Keys.Order(StringComparer.Ordinal));
        Assert.All(rows.Values, row => Assert.Equal(2, row.GetInt32("V")));
        Assert.Equal("k", rows["merge"].GetString("Keep"));
        Assert.Equal("k", rows["upsertMerge"].GetString("Keep"));
        Assert.False(rows["replace"].ContainsKey("Drop"));
        Assert.False(rows["upsertReplace"].ContainsKey("Drop"));

        Assert.Equal(7, etags.Count);
        Assert.Equal(rows["add"].ETag, etags[0]);
        Assert.Equal(rows["merge"].ETag, etags[1]);
        Assert.Equal(rows["replace"].ETag, etags[2]);
        Assert.Equal(rows["upsertMerge"].ETag, etags[3]);
        Assert.Equal(rows["upsertReplace"].ETag, etags[4]);
        Assert.Equal(rows["upsertNew"].ETag, etags[5]);
        Assert.Equal(default, etags[6]);
    }

    [Fact]
    public async Task SubmitTransactionAsync_HundredActions_AppliesAll()
    {
        var table = await _tables.NewTableAsync();

        var etags = await table.SubmitCheckedTransactionAsync([.. Enumerable.Range(0, TableClientExtensions.MaxTransactionActions)
            .Select(i => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity("p", $"r{i:D3}") { ["I"] = i }))]);

        Assert.Equal(100, etags.Count);
        Assert.All(etags, etag => Assert.NotEqual(default, etag));
        Assert.Equal(100, (await AzuriteTables.AllAsync(table)).Count);
    }

    [Fact]
    public async Task SubmitTransactionAsync_101Actions_ThrowsArgumentExceptionWithoutSending()
    {
        var table = _tables.MissingTable();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitCheckedTransactionAsync([.. Enumerable.Range(0, 101)
            .Select(i => new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("p", $"r{i}")))]));

        Assert.Contains("101", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitTransactionAsync_MixedPartitions_ThrowsArgumentExceptionWithoutSending()
    {
        var table = _tables.MissingTable();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitCheckedTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p1", "r")),
            new(TableTransactionActionType.Add, new TableEntity("p2", "r")),
        ]));

        Assert.Contains("partition", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitTransactionAsync_SameRowTwice_ThrowsArgumentExceptionWithoutSending()
    {
        var table = _tables.MissingTable();

        await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitCheckedTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity("p", "r")),
            new(TableTransactionActionType.UpsertMerge, new TableEntity("p", "r")),
        ]));
    }

    [Fact]
    public async Task SubmitTransactionAsync_NoActions_ThrowsArgumentException()
    {
        var table = _tables.MissingTable();

        await Assert.ThrowsAsync<ArgumentException>(() => table.SubmitCheckedTransactionAsync([]));
    }

    [Fact]
    public async Task SubmitTransactionAsync_MissingTable_Throws404TableNotFound()
    {
        var table = _tables.MissingTable();

        // Azurite answers 202 with the 404 inside the changeset; Azure may answer 404 outright. Both are RequestFailed.
        var error = await Assert.ThrowsAnyAsync<RequestFailedException>(
            () => table.SubmitCheckedTransactionAsync([new(TableTransactionActionType.Add, new TableEntity("p", "r"))]));

        Assert.Equal(404, error.Status);
        Assert.Equal("TableNotFound", error.ErrorCode);
    }
}
