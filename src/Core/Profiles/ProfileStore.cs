using Azure;
using Azure.Data.Tables;
using McpOrchestrator.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpOrchestrator.Core.Profiles;

/// <summary>
/// Profiles and their drafts in the <c>Profiles</c> table, one partition per client (PartitionKey = client id):
/// <list type="bullet">
/// <item><c>p|{profile}</c>: the profile row, which is also its draft's header: description, timestamps, and the
/// draft's <c>Generation</c> (random, replaced when the draft is cleared or replaced), <c>Version</c> (counts changes)
/// and <c>EntryCount</c>.</item>
/// <item><c>e|{profile}|{generation}|{name}</c>: one row per draft entry of that generation, the entry as JSON.</item>
/// </list>
/// Every draft change is one entity group transaction that updates the header conditionally on its ETag, so no change
/// is lost and none is half applied. Rows of a generation the header no longer names are invisible and deleted after
/// the change that retired it.
/// </summary>
public sealed class ProfileStore
{
    public const string TableName = "Profiles";

    private readonly TableClient _table;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private Task? _created;

    public ProfileStore(TableServiceClient tables, ILogger<ProfileStore>? logger = null)
        : this(tables, TableName, logger)
    {
    }

    internal ProfileStore(TableServiceClient tables, string tableName, ILogger<ProfileStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _table = tables.GetCheckedTableClient(tableName);
        _logger = logger ?? NullLogger<ProfileStore>.Instance;
    }

    internal TableClient Table => _table;

    internal static string HeaderKey(string profile) => "p|" + profile;

    internal static string EntryPrefix(string profile) => "e|" + profile + "|";

    internal static string EntryPrefix(string profile, string generation) => EntryPrefix(profile) + generation + "|";

    internal static string EntryKey(string profile, string generation, string name) => EntryPrefix(profile, generation) + name;

    internal static string NewGeneration() => Guid.NewGuid().ToString("N")[..12];

    internal async Task<TableEntity?> GetHeaderAsync(string client, string profile, CancellationToken cancellationToken)
    {
        return await _table.GetEntityOrNullAsync(client, HeaderKey(profile), cancellationToken);
    }

    internal async Task<IReadOnlyList<TableEntity>> ListHeadersAsync(string client, CancellationToken cancellationToken)
    {
        // '}' follows '|' in ordinal order, so [p|, p}) is exactly the profile rows.
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {client} and RowKey ge {"p|"} and RowKey lt {"p}"}");
        return await _table.QueryOrEmptyAsync(filter, cancellationToken: cancellationToken);
    }

    /// <summary>Up to <paramref name="limit"/> profile rows of the client whose id sorts after
    /// <paramref name="afterProfile"/> (all when null), in id order, and whether more follow.</summary>
    internal async Task<(List<TableEntity> Rows, bool More)> ListHeadersPageAsync(string client, string? afterProfile, int limit, CancellationToken cancellationToken)
    {
        var filter = afterProfile is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {client} and RowKey ge {"p|"} and RowKey lt {"p}"}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {client} and RowKey gt {HeaderKey(afterProfile)} and RowKey lt {"p}"}");
        return await _table.QueryPageAsync(filter, limit, cancellationToken: cancellationToken);
    }

    /// <summary>The header (null when the profile has no row) and every entry row of the profile, all generations,
    /// read with one query so that header and entries are one consistent view.</summary>
    internal async Task<(TableEntity? Header, IReadOnlyList<TableEntity> Entries)> ReadDraftAsync(string client, string profile, CancellationToken cancellationToken)
    {
        var header = HeaderKey(profile);
        var low = EntryPrefix(profile);
        var high = "e|" + profile + "}";
        var rows = await _table.QueryOrEmptyAsync(
            TableClient.CreateQueryFilter($"PartitionKey eq {client} and (RowKey eq {header} or (RowKey ge {low} and RowKey lt {high}))"),
            cancellationToken: cancellationToken);
        return (rows.FirstOrDefault(r => r.RowKey == header), [.. rows.Where(r => r.RowKey != header)]);
    }

    /// <summary>Entry rows of the given generations (for clean-up).</summary>
    internal async Task<IReadOnlyList<TableEntity>> ReadGenerationAsync(string client, string profile, string generation, CancellationToken cancellationToken)
    {
        var low = EntryPrefix(profile, generation);
        var high = EntryPrefix(profile) + generation + "}";
        return await _table.QueryOrEmptyAsync(
            TableClient.CreateQueryFilter($"PartitionKey eq {client} and RowKey ge {low} and RowKey lt {high}"), ["PartitionKey", "RowKey"], cancellationToken);
    }

    internal async Task<IReadOnlyList<ETag>> SubmitAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        return await _table.SubmitCheckedTransactionAsync(actions, cancellationToken);
    }

    internal async Task<ETag> AddAsync(TableEntity entity, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        return (await _table.AddEntityAsync(entity, cancellationToken)).ETagOf();
    }

    internal async Task<ETag> UpdateAsync(TableEntity entity, ETag ifMatch, CancellationToken cancellationToken) =>
        (await _table.UpdateEntityAsync(entity, ifMatch, TableUpdateMode.Merge, cancellationToken)).ETagOf();

    /// <summary>Deletes the row if its ETag still matches; false when there was no such row.</summary>
    internal async Task<bool> DeleteAsync(string client, string rowKey, ETag ifMatch, CancellationToken cancellationToken) =>
        (await _table.DeleteEntityAsync(client, rowKey, ifMatch, cancellationToken)).Status != 404;

    /// <summary>Deletes the entry rows of generations no header names any more. Best effort: the change that retired
    /// them is already committed and they are invisible, so a failure here is logged, not raised.</summary>
    internal async Task DeleteGenerationsAsync(string client, string profile, IEnumerable<string> generations, CancellationToken cancellationToken)
    {
        foreach (var generation in generations.Distinct(StringComparer.Ordinal))
        {
            try
            {
                var rows = await ReadGenerationAsync(client, profile, generation, cancellationToken);
                foreach (var chunk in rows.Chunk(100))
                {
                    try
                    {
                        await _table.SubmitCheckedTransactionAsync(
                            [.. chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(client, r.RowKey), ETag.All))],
                            cancellationToken);
                    }
                    catch (TableTransactionFailedException)
                    {
                        // Some row went meanwhile (another clean-up): delete the rest one by one.
                        foreach (var row in chunk)
                        {
                            await _table.DeleteEntityAsync(client, row.RowKey, ETag.All, cancellationToken);
                        }
                    }
                }
            }
            catch (Exception e) when (e is RequestFailedException or StorageUnavailableException)
            {
                ProfileLog.CleanupFailed(_logger, client, profile, generation, e.Message);
            }
        }
    }

    private Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_created is null || _created.IsFaulted || _created.IsCanceled)
            {
                _created = _table.CreateIfNotExistsAsync(cancellationToken);
            }

            return _created;
        }
    }
}
