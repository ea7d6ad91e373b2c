using System.Globalization;
using McpOrchestrator.Core.Storage;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Core.Tests.Storage;

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
            var page = await table.QueryPageAsync(continuationToken: token);
            pages++;
            Assert.True(pages <= 10, "Continuation does not end: the same rows keep coming back.");
            keys.AddRange(page.Items.Select(Key));
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
    public async Task QueryPageAsync_MaxPerPageWithFilter_ReturnsBoundedPagesUntilNoToken()
    {
        var (table, expected) = await FillAsync();
        var filter = TableFilter.Create($"PartitionKey eq {"p1"}");

        var sizes = new List<int>();
        var keys = new List<string>();
        string? token = null;
        do
        {
            var page = await table.QueryPageAsync(filter, token, maxPerPage: 300);
            sizes.Add(page.Items.Count);
            Assert.True(sizes.Count <= 10, "Continuation does not end: the same rows keep coming back.");
            keys.AddRange(page.Items.Select(Key));
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

        var page = await table.QueryPageAsync();

        Assert.Empty(page.Items);
        Assert.Null(page.ContinuationToken);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task QueryPageAsync_PageSizeOutOfRange_ThrowsBeforeSending(int maxPerPage)
    {
        var table = _tables.MissingTable();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => table.QueryPageAsync(maxPerPage: maxPerPage));
    }

    [Fact]
    public async Task QueryPageAsync_ForeignContinuationToken_ThrowsArgumentException()
    {
        var table = await _tables.NewTableAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => table.QueryPageAsync(continuationToken: "not base64url!"));
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
                await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)));
            }
        }

        return (table, entities.Select(Key).Order(StringComparer.Ordinal).ToList());
    }
}
