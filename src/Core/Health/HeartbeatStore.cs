using Azure.Data.Tables;
using McpOrchestrator.Core.Storage;

namespace McpOrchestrator.Core.Health;

/// <summary>Heartbeats of the health timer in the <c>ServiceHeartbeats</c> table, one row per host instance.</summary>
public sealed class HeartbeatStore(TableServiceClient tables, TimeProvider clock, HostInstance instance)
{
    public const string TableName = "ServiceHeartbeats";
    private const string Partition = "health-timer";

    private readonly TableClient _table = tables.GetCheckedTableClient(TableName);

    /// <summary>Records a beat (read-modify-write guarded by the row's ETag; a lost race is retried).</summary>
    public async Task<Heartbeat> RecordAsync(bool isPastDue, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        while (true)
        {
            var now = clock.GetUtcNow();
            var current = await _table.GetEntityOrNullAsync(Partition, instance.Id, cancellationToken);
            var beats = (current?.GetInt64("Beats") ?? 0) + 1;
            var entity = new TableEntity(Partition, instance.Id)
            {
                ["LastAt"] = now,
                ["Beats"] = beats,
                ["LastWasPastDue"] = isPastDue,
            };
            try
            {
                if (current is null)
                {
                    await _table.AddEntityAsync(entity, cancellationToken);
                }
                else
                {
                    await _table.UpdateEntityAsync(entity, current.ETag, TableUpdateMode.Replace, cancellationToken);
                }

                return new Heartbeat(instance.Id, now, beats, isPastDue);
            }
            catch (Azure.RequestFailedException e) when (e.Status is 409 or 412)
            {
                // Another writer got there first; read again.
            }
        }
    }

    /// <summary>This instance's last beat, or null before the first. Throws when storage cannot be reached.</summary>
    public async Task<Heartbeat?> GetAsync(CancellationToken cancellationToken)
    {
        TableEntity? row;
        try
        {
            row = await _table.GetEntityOrNullAsync(Partition, instance.Id, cancellationToken);
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }

        return row is null
            ? null
            : new Heartbeat(instance.Id, row.GetDateTimeOffset("LastAt") ?? DateTimeOffset.MinValue, row.GetInt64("Beats") ?? 0, row.GetBoolean("LastWasPastDue") ?? false);
    }
}
