using System.Globalization;
using Azure;
using Azure.Data.Tables;

namespace McpOrchestrator.Core.Storage;

/// <summary>
/// What every store does on Azure.Data.Tables' clients beyond the SDK: a checked table name, a point read that answers
/// null for a missing row, a query that answers nothing when the table has not been created yet (stores create their
/// table on first write), and a transaction whose shape is checked before it is sent. Keys are checked with
/// <see cref="TableKey"/> before anything is sent.
/// </summary>
public static class TableClientExtensions
{
    /// <summary>Most actions one entity group transaction may hold.</summary>
    public const int MaxTransactionActions = 100;

    /// <summary>The client of one table, after checking its name (<see cref="TableNames.Validate"/>): a bad configured
    /// table name is an <see cref="ArgumentException"/> when the store is made, not a 400 on its first request.</summary>
    /// <exception cref="ArgumentException">The name is not a valid table name.</exception>
    public static TableClient GetCheckedTableClient(this TableServiceClient tables, string tableName)
    {
        ArgumentNullException.ThrowIfNull(tables);
        TableNames.Validate(tableName);
        return tables.GetTableClient(tableName);
    }

    /// <summary>The entity with these keys, or null when there is none (or no table yet).</summary>
    /// <exception cref="ArgumentException">A key cannot be a table key (<see cref="TableKey.Validate"/>).</exception>
    public static async Task<TableEntity?> GetEntityOrNullAsync(
        this TableClient table,
        string partitionKey,
        string rowKey,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        TableKey.Validate(partitionKey);
        TableKey.Validate(rowKey);
        try
        {
            var response = await table.GetEntityIfExistsAsync<TableEntity>(partitionKey, rowKey, cancellationToken: cancellationToken);
            return response.HasValue ? response.Value : null;
        }
        catch (RequestFailedException e) when (e.IsTableNotFound())
        {
            return null;
        }
    }

    /// <summary>
    /// Every entity matching <paramref name="filter"/> (from <see cref="TableClient.CreateQueryFilter(FormattableString)"/>),
    /// in key order across all pages, with only <paramref name="select"/> when given; empty when the table does not
    /// exist.
    /// </summary>
    public static async Task<List<TableEntity>> QueryOrEmptyAsync(
        this TableClient table,
        string filter,
        IEnumerable<string>? select = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentException.ThrowIfNullOrWhiteSpace(filter);
        var rows = new List<TableEntity>();
        try
        {
            await foreach (var row in table.QueryAsync<TableEntity>(filter, select: select, cancellationToken: cancellationToken))
            {
                rows.Add(row);
            }
        }
        catch (RequestFailedException e) when (e.IsTableNotFound())
        {
            return [];
        }

        return rows;
    }

    /// <summary>
    /// The first <paramref name="limit"/> entities matching <paramref name="filter"/> in key order, and whether more
    /// match. Reads the service's pages (<c>maxPerPage</c> of at most <paramref name="limit"/> + 1) only until one
    /// entity beyond the limit is seen, so a page costs what it holds, not the table's size. Empty when the table
    /// does not exist.
    /// </summary>
    public static async Task<(List<TableEntity> Rows, bool More)> QueryPageAsync(
        this TableClient table,
        string filter,
        int limit,
        IEnumerable<string>? select = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentException.ThrowIfNullOrWhiteSpace(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var rows = new List<TableEntity>();
        try
        {
            var pages = table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(limit + 1, 1000), select: select, cancellationToken: cancellationToken).AsPages();
            await foreach (var page in pages)
            {
                rows.AddRange(page.Values);
                if (rows.Count > limit)
                {
                    break;
                }
            }
        }
        catch (RequestFailedException e) when (e.IsTableNotFound())
        {
            return ([], false);
        }

        if (rows.Count <= limit)
        {
            return (rows, false);
        }

        rows.RemoveRange(limit, rows.Count - limit);
        return (rows, true);
    }

    /// <summary>
    /// Applies up to 100 actions on one partition atomically through <see cref="TableClient.SubmitTransactionAsync"/>
    /// and returns the ETag of each action in order (<c>default</c> for deletes). The shape (1 to 100 actions, one
    /// partition, distinct rows, valid keys) is checked before anything is sent; a rejected transaction is the SDK's
    /// <see cref="TableTransactionFailedException"/>, whose <c>FailedTransactionActionIndex</c> names the action.
    /// </summary>
    /// <exception cref="ArgumentException">The transaction cannot be sent as it is.</exception>
    public static async Task<IReadOnlyList<ETag>> SubmitCheckedTransactionAsync(
        this TableClient table,
        IReadOnlyList<TableTransactionAction> actions,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(actions);
        ValidateTransaction(actions);
        var response = await table.SubmitTransactionAsync(actions, cancellationToken);
        return [.. response.Value.Select(r => r.Headers.ETag ?? default)];
    }

    /// <summary>The ETag a write answered with.</summary>
    /// <exception cref="RequestFailedException">The service answered a write without one.</exception>
    public static ETag ETagOf(this Response response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.Headers.ETag
            ?? throw new RequestFailedException(response.Status, "The table service answered a write without an ETag.", null, null);
    }

    private static void ValidateTransaction(IReadOnlyList<TableTransactionAction> actions)
    {
        if (actions.Count is 0 or > MaxTransactionActions)
        {
            throw new ArgumentException(
                $"A transaction holds 1 to {MaxTransactionActions.ToString(CultureInfo.InvariantCulture)} actions; this one has {actions.Count.ToString(CultureInfo.InvariantCulture)}.",
                nameof(actions));
        }

        var partitionKey = actions[0]?.Entity?.PartitionKey;
        var rows = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < actions.Count; i++)
        {
            var at = i.ToString(CultureInfo.InvariantCulture);
            var entity = actions[i]?.Entity ?? throw new ArgumentException($"Action {at} has no entity.", nameof(actions));
            TableKey.Validate(entity.PartitionKey, nameof(actions));
            TableKey.Validate(entity.RowKey, nameof(actions));
            if (!string.Equals(entity.PartitionKey, partitionKey, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Action {at} is on another partition than action 0; a transaction works on one partition.", nameof(actions));
            }

            if (!rows.Add(entity.RowKey))
            {
                throw new ArgumentException($"Action {at} touches a row an earlier action already touches; each entity may appear once per transaction.", nameof(actions));
            }
        }
    }
}
