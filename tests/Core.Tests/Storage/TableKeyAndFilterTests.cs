using Azure.Data.Tables;
using McpOrchestrator.Core.Storage;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Core.Tests.Storage;

/// <summary>Keys and filter values that break naive escaping, through Azure.Data.Tables and Core's helpers, against real Azurite.</summary>
public sealed class TableKeyAndFilterTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private readonly AzuriteTables _tables = new(azurite);

    private static readonly string[] HostileKeyValues =
    [
        "O'Brien",
        "O''Brien",
        "'",
        "''",
        "'''",
        "emoji 😀 key",
        "中文键",
        "עברית مرحبا",
        "with space",
        "100%",
        "%27",
        "%2F",
        "a+b",
        "a&b=c",
        "(PartitionKey='x',RowKey='y')",
        "~!*$@:;,",
        "{json}",
        "e\u0301 combining",
        new string('k', TableKey.MaxLength),
    ];

    public static TheoryData<string> HostileKeys => [.. HostileKeyValues];

    [Theory]
    [MemberData(nameof(HostileKeys))]
    public async Task EntityOperations_HostileKeys_RoundTrip(string key)
    {
        var table = await _tables.NewTableAsync();
        var partition = Variant(key, "p");

        var added = (await table.AddEntityAsync(new TableEntity(partition, key) { ["V"] = 1 })).ETagOf();
        var read = await table.GetEntityOrNullAsync(partition, key);
        Assert.NotNull(read);
        Assert.Equal(partition, read.PartitionKey);
        Assert.Equal(key, read.RowKey);
        Assert.Equal(added, read.ETag);

        var updated = (await table.UpdateEntityAsync(new TableEntity(partition, key) { ["V"] = 2 }, read.ETag)).ETagOf();
        var queried = await AzuriteTables.AllAsync(table, TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey eq {key}"));
        var only = Assert.Single(queried);
        Assert.Equal(key, only.RowKey);
        Assert.Equal(2, only.GetInt32("V"));

        Assert.Equal(204, (await table.DeleteEntityAsync(partition, key, updated)).Status);
        Assert.Null(await table.GetEntityOrNullAsync(partition, key));
    }

    // Azurite 3.35.0 finds the PartitionKey of a URL-addressed batch action with a greedy pattern up to the last
    // "'," in the decoded URL, so a RowKey containing "'," is misread there (404). Azure parses it correctly, and
    // single-entity operations on Azurite handle it (see EntityOperations_HostileKeys_RoundTrip).
    public static TheoryData<string> HostileBatchKeys =>
        [.. HostileKeyValues.Where(key => !key.Contains("',", StringComparison.Ordinal))];

    [Theory]
    [MemberData(nameof(HostileBatchKeys))]
    public async Task SubmitTransactionAsync_HostileKeys_AppliesEveryAction(string key)
    {
        var table = await _tables.NewTableAsync();
        var partition = Variant(key, "p");
        var (updated, deleted) = (Variant(key, "-1"), Variant(key, "-2"));
        var existing = (await table.AddEntityAsync(new TableEntity(partition, updated) { ["V"] = 1 })).ETagOf();
        await table.AddEntityAsync(new TableEntity(partition, deleted));

        await table.SubmitCheckedTransactionAsync(
        [
            new(TableTransactionActionType.Add, new TableEntity(partition, key) { ["V"] = 0 }),
            new(TableTransactionActionType.UpdateMerge, new TableEntity(partition, updated) { ["V"] = 2 }, existing),
            new(TableTransactionActionType.Delete, new TableEntity(partition, deleted)),
        ]);

        var rows = await AzuriteTables.AllAsync(table);
        Assert.Equal(new[] { key, updated }.Order(StringComparer.Ordinal), rows.Select(r => r.RowKey).Order(StringComparer.Ordinal));
        Assert.Equal(0, rows.Single(r => r.RowKey == key).GetInt32("V"));
        Assert.Equal(2, rows.Single(r => r.RowKey == updated).GetInt32("V"));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\u0000b")]
    [InlineData("a\u001Fb")]
    [InlineData("a\u007Fb")]
    [InlineData("a\u009Fb")]
    public async Task CoreHelpers_ForbiddenKeyCharacter_ThrowArgumentExceptionBeforeAnyRequest(string key)
    {
        // The table does not exist: a request that reached the service would fail with 404, not ArgumentException.
        var table = _tables.MissingTable();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => table.GetEntityOrNullAsync("p", key));
        Assert.Contains("not allowed in keys", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => table.GetEntityOrNullAsync(key, "r"));
        await Assert.ThrowsAsync<ArgumentException>(
            () => table.SubmitCheckedTransactionAsync([new(TableTransactionActionType.Add, new TableEntity("p", key))]));
        await Assert.ThrowsAsync<ArgumentException>(
            () => table.SubmitCheckedTransactionAsync([new(TableTransactionActionType.Delete, new TableEntity(key, "r"), Azure.ETag.All)]));
    }

    [Fact]
    public async Task CoreHelpers_KeyOverMaxLength_ThrowArgumentExceptionBeforeAnyRequest()
    {
        var table = _tables.MissingTable();
        var longKey = new string('k', TableKey.MaxLength + 1);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => table.GetEntityOrNullAsync("p", longKey));
        Assert.Contains("the limit is 512", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(() => table.GetEntityOrNullAsync(longKey, "r"));
        await Assert.ThrowsAsync<ArgumentException>(
            () => table.SubmitCheckedTransactionAsync([new(TableTransactionActionType.Add, new TableEntity(longKey, "r"))]));
    }

    [Fact]
    public async Task AddEntityAsync_KeyOverServiceLimit_RefusedByTheServiceWithAClearError()
    {
        // What a write that bypasses Core's key check meets: the service's own refusal, not a silent truncation.
        var table = await _tables.NewTableAsync();

        var error = await Assert.ThrowsAsync<Azure.RequestFailedException>(
            () => table.AddEntityAsync(new TableEntity("p", new string('k', 1025))));

        Assert.Equal(400, error.Status);
        Assert.False(string.IsNullOrEmpty(error.ErrorCode));
        Assert.Empty(await AzuriteTables.AllAsync(table));
    }

    [Fact]
    public async Task QueryAsync_InjectionAttemptInFilterValue_MatchesOnlyTheLiteralValue()
    {
        const string injection = "' or 1 eq 1 or '";
        var table = await _tables.NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "1") { ["Name"] = "alice" });
        await table.AddEntityAsync(new TableEntity("p", "2") { ["Name"] = "bob" });

        Assert.Empty(await AzuriteTables.AllAsync(table, TableClient.CreateQueryFilter($"Name eq {injection}")));
        Assert.Empty(await AzuriteTables.AllAsync(table, TableClient.CreateQueryFilter($"PartitionKey eq {injection}")));

        await table.AddEntityAsync(new TableEntity("p", "3") { ["Name"] = injection });
        var match = Assert.Single(await AzuriteTables.AllAsync(table, TableClient.CreateQueryFilter($"Name eq {injection}")));
        Assert.Equal("3", match.RowKey);
    }

    [Theory]
    [InlineData("O'Brien")]
    [InlineData("''")]
    [InlineData("😀 中文 עברית")]
    [InlineData("a&b")]
    [InlineData("a#b")]
    [InlineData("a+b c")]
    [InlineData("100% = done; $top=1")]
    [InlineData("x eq 'y'")]
    public async Task QueryAsync_HostileStringValue_MatchesExactlyThatEntity(string value)
    {
        var table = await _tables.NewTableAsync();
        await table.AddEntityAsync(new TableEntity("p", "target") { ["Name"] = value });
        await table.AddEntityAsync(new TableEntity("p", "decoy1") { ["Name"] = value + "x" });
        await table.AddEntityAsync(new TableEntity("p", "decoy2") { ["Name"] = "plain" });

        var match = Assert.Single(await AzuriteTables.AllAsync(table, TableClient.CreateQueryFilter($"Name eq {value}")));

        Assert.Equal("target", match.RowKey);
    }

    [Fact]
    public async Task QueryAsync_TypedFilterValues_CompareByType()
    {
        var table = await _tables.NewTableAsync();
        var baseTime = new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);
        var ids = Enumerable.Range(0, 3).Select(_ => Guid.NewGuid()).ToArray();
        for (var i = 0; i < 3; i++)
        {
            await table.AddEntityAsync(new TableEntity("p", i.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                ["Count"] = 5_000_000_000L + i,
                ["Small"] = i,
                ["Ratio"] = i + 0.5,
                ["At"] = baseTime.AddDays(i),
                ["Id"] = ids[i],
                ["On"] = i % 2 == 0,
            });
        }

        async Task<string[]> Rows(string filter) => (await AzuriteTables.AllAsync(table, filter)).Select(e => e.RowKey).ToArray();

        Assert.Equal(["1", "2"], await Rows(TableClient.CreateQueryFilter($"Count gt {5_000_000_000L}")));
        Assert.Equal(["0", "1"], await Rows(TableClient.CreateQueryFilter($"Small lt {2}")));
        Assert.Equal(["2"], await Rows(TableClient.CreateQueryFilter($"Ratio ge {2.5}")));
        Assert.Equal(["1", "2"], await Rows(TableClient.CreateQueryFilter($"At ge {baseTime.AddDays(1)}")));
        Assert.Equal(["1"], await Rows(TableClient.CreateQueryFilter($"Id eq {ids[1]}")));
        Assert.Equal(["0", "2"], await Rows(TableClient.CreateQueryFilter($"On eq {true}")));
    }

    // The key with a suffix, shortened first when that would pass the key length limit.
    private static string Variant(string key, string suffix) =>
        key.Length + suffix.Length <= TableKey.MaxLength ? key + suffix : key[..(TableKey.MaxLength - suffix.Length)] + suffix;
}
