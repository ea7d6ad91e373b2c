using System.Globalization;
using Azure.Data.Tables;
using McpOrchestrator.Core.Storage;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Core.Tests.Storage;

/// <summary>Queries with continuation through Azure.Data.Tables, against real Azurite.</summary>
public sealed class TableQueryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const int RowCount = 2_345;

    private readonly AzuriteTables _tables = new(azurite);

    [Fact]
    public async Task QueryAsync_MoreThanOnePageOfRows_FollowsContinuationToEveryRowInOrder()
    {
        var (table, expected) = await FillAsync();

        var pages = 0;
        var keys = new List<string>();
        string? token = null;
        do
        {
            var page = await FirstPageAsync(table.QueryAsync<TableEntity>().AsPages(token));
            pages++;
            Assert.True(pages <= 10, "Continuation does not end: the same rows keep coming back.");
            keys.AddRange(page.Values.Select(Key));
            token = page.ContinuationToken;
        }
        while (token is not null);

        Assert.True(pages > 1, $"Expected more than one page, got {pages}.");
        Assert.Equal(RowCount, keys.Count);
        Assert.Equal(expected, keys);

        var streamed = await AzuriteTables.AllAsync(table);
        Assert.Equal(expected, streamed.Select(Key));
    }

    [Fact]
    public async Task QueryOrEmptyAsync_MoreThanOnePageInOnePartition_ReturnsEveryRowOfTheRange()
    {
        var (table, expected) = await FillAsync();

        var rows = await table.QueryOrEmptyAsync(TableClient.CreateQueryFilter($"PartitionKey ge {"p1"} and PartitionKey lt {"p3"}"), ["PartitionKey", "RowKey"]);

        Assert.Equal(expected.Where(k => !k.StartsWith("p0/", StringComparison.Ordinal)), rows.Select(Key));
        Assert.True(rows.Count > 1000, $"The range must span more than one page; it has {rows.Count} rows.");
    }

    [Fact]
    public async Task QueryAsync_MaxPerPageWithFilter_ReturnsBoundedPagesUntilNoToken()
    {
        var (table, expected) = await FillAsync();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {"p1"}");

        var sizes = new List<int>();
        var keys = new List<string>();
        string? token = null;
        do
        {
            var page = await FirstPageAsync(table.QueryAsync<TableEntity>(filter, maxPerPage: 300).AsPages(token));
            sizes.Add(page.Values.Count);
            Assert.True(sizes.Count <= 10, "Continuation does not end: the same rows keep coming back.");
            keys.AddRange(page.Values.Select(Key));
            token = page.ContinuationToken;
        }
        while (token is not null);

        Assert.All(sizes, size => Assert.InRange(size, 0, 300));
        Assert.Equal(expected.Where(k => k.StartsWith("p1/", StringComparison.Ordinal)), keys);
        Assert.True(sizes.Count >= 3, $"800 rows at 300 per page need at least 3 pages, got {sizes.Count}.");
    }

    [Fact]
    public async Task QueryAsync_EmptyTable_ReturnsNothing()
    {
        var table = await _tables.NewTableAsync();

        var page = await FirstPageAsync(table.QueryAsync<TableEntity>().AsPages());

        Assert.Empty(page.Values);
        Assert.Null(page.ContinuationToken);
    }

    [Theory]
    [InlineData(7)]
    [InlineData(100)]
    [InlineData(799)]
    [InlineData(1000)]
    public async Task QueryPageAsync_KeysetPages_CollectEveryRowOfTheRangeOnce_InKeyOrder(int limit)
    {
        var (table, expected) = await FillAsync();
        var inRange = expected.Where(k => k.StartsWith("p1/", StringComparison.Ordinal)).ToList();

        var keys = new List<string>();
        string? after = null;
        for (var pages = 1; ; pages++)
        {
            Assert.True(pages <= 801, "Paging does not end.");
            var filter = after is null
                ? TableClient.CreateQueryFilter($"PartitionKey eq {"p1"}")
                : TableClient.CreateQueryFilter($"PartitionKey eq {"p1"} and RowKey gt {after}");
            var (rows, more) = await table.QueryPageAsync(filter, limit);
            Assert.InRange(rows.Count, more ? limit : 0, limit);
            keys.AddRange(rows.Select(Key));
            if (!more)
            {
                break;
            }

            after = rows[^1].RowKey;
        }

        Assert.Equal(inRange, keys);
    }

    [Fact]
    public async Task QueryPageAsync_LimitEqualToTheMatches_HasNoMore()
    {
        var (table, _) = await FillAsync();

        var (rows, more) = await table.QueryPageAsync(TableClient.CreateQueryFilter($"PartitionKey eq {"p2"}"), 745);

        Assert.Equal(745, rows.Count);
        Assert.False(more);
    }

    [Fact]
    public async Task QueryPageAsync_TableNotCreated_IsAnEmptyLastPage()
    {
        var (rows, more) = await _tables.MissingTable().QueryPageAsync(TableClient.CreateQueryFilter($"PartitionKey eq {"p"}"), 10);

        Assert.Empty(rows);
        Assert.False(more);
    }

    private static async Task<Azure.Page<TableEntity>> FirstPageAsync(IAsyncEnumerable<Azure.Page<TableEntity>> pages)
    {
        await foreach (var page in pages)
        {
            return page;
        }

        throw new InvalidOperationException("The query answered no page at all.");
    }

    private static string Key(TableEntity entity) => entity.PartitionKey + "/" + entity.RowKey;

    // Rows spread over three partitions of 800, 800 and 745 rows (so that 1,000-row pages end inside a partition),
    // written in transactions of at most 100 within a partition.
    private async Task<(TableClient Table, List<string> Keys)> FillAsync()
    {
        var table = await _tables.NewTableAsync();
        var entities = Enumerable.Range(0, RowCount)
            .Select(i => new TableEntity(
                "p" + (i / 800).ToString(CultureInfo.InvariantCulture),
                "r" + i.ToString("D5", CultureInfo.InvariantCulture))
            {
                ["N"] = i,
            })
            .ToList();
        foreach (var partition in entities.GroupBy(e => e.PartitionKey))
        {
            foreach (var chunk in partition.Chunk(100))
            {
                await table.SubmitCheckedTransactionAsync([.. chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e))]);
            }
        }

        return (table, entities.Select(Key).Order(StringComparer.Ordinal).ToList());
    }
}
