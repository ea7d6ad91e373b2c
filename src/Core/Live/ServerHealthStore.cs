using Azure.Data.Tables;
using McpOrchestrator.Core.Health;
using McpOrchestrator.Core.Mcp;
using McpOrchestrator.Core.Storage;

namespace McpOrchestrator.Core.Live;

/// <summary>
/// The health of live servers in the <c>ServerHealth</c> table: partition = host instance id, row = server name, one
/// row per live server per instance, replaced at every health check. A server that left the live set loses its row at
/// the next record, so an instance's partition always lists exactly its live servers.
/// </summary>
public sealed class ServerHealthStore
{
    public const string TableName = "ServerHealth";

    private const int MaxErrorLength = 1024;
    private const int MaxActionsPerTransaction = 100;

    private readonly TableClient _table;
    private readonly HostInstance _instance;

    public ServerHealthStore(TableServiceClient tables, HostInstance instance)
        : this(tables, instance, TableName)
    {
    }

    /// <summary>A store on another table, so tests sharing one storage account keep apart.</summary>
    internal ServerHealthStore(TableServiceClient tables, HostInstance instance, string tableName)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _table = tables.GetCheckedTableClient(tableName);
        _instance = instance ?? throw new ArgumentNullException(nameof(instance));
    }

    /// <summary>Replaces this instance's rows with <paramref name="records"/> (one per live server): rows of servers
    /// not in it are deleted. Throws when storage cannot be reached.</summary>
    public async Task RecordAsync(IReadOnlyList<ServerHealthRecord> records, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var live = records.Select(r => r.Server).ToHashSet(StringComparer.Ordinal);
        var actions = records.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(r))).ToList();
        await foreach (var row in _table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {_instance.Id}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            if (!live.Contains(row.RowKey))
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(_instance.Id, row.RowKey)));
            }
        }

        foreach (var chunk in actions.Chunk(MaxActionsPerTransaction))
        {
            await _table.SubmitCheckedTransactionAsync(chunk, cancellationToken);
        }
    }

    /// <summary>The rows of <paramref name="instance"/> (default: this one), by server name.</summary>
    public async Task<IReadOnlyList<ServerHealthRecord>> ListAsync(string? instance = null, CancellationToken cancellationToken = default)
    {
        var rows = await _table.QueryOrEmptyAsync(TableClient.CreateQueryFilter($"PartitionKey eq {instance ?? _instance.Id}"), cancellationToken: cancellationToken);
        return rows.ConvertAll(FromEntity);
    }

    internal ServerHealthRecord Record(HealthCheckResult check, LiveConnectionStatus status) => new()
    {
        Instance = _instance.Id,
        Server = check.Name,
        Ok = check.Ok,
        Down = check.Down,
        ConsecutiveFailures = check.ConsecutiveFailures,
        CheckedAt = check.CheckedAt,
        LatencyMs = check.LatencyMs,
        Method = check.Method,
        Error = check.Error is { Length: > MaxErrorLength } error ? error[..MaxErrorLength] + "…" : check.Error,
        FailureKind = check.FailureKind,
        State = status.State,
        Circuit = status.Circuit,
    };

    private TableEntity ToEntity(ServerHealthRecord record) => new(_instance.Id, record.Server)
    {
        [nameof(ServerHealthRecord.Ok)] = record.Ok,
        [nameof(ServerHealthRecord.Down)] = record.Down,
        [nameof(ServerHealthRecord.ConsecutiveFailures)] = record.ConsecutiveFailures,
        [nameof(ServerHealthRecord.CheckedAt)] = record.CheckedAt,
        [nameof(ServerHealthRecord.LatencyMs)] = record.LatencyMs,
        [nameof(ServerHealthRecord.Method)] = record.Method?.ToString(),
        [nameof(ServerHealthRecord.Error)] = record.Error,
        [nameof(ServerHealthRecord.FailureKind)] = record.FailureKind?.ToString(),
        [nameof(ServerHealthRecord.State)] = record.State.ToString(),
        [nameof(ServerHealthRecord.Circuit)] = record.Circuit.ToString(),
    };

    private static ServerHealthRecord FromEntity(TableEntity entity) => new()
    {
        Instance = entity.PartitionKey,
        Server = entity.RowKey,
        Ok = entity.GetBoolean(nameof(ServerHealthRecord.Ok)) ?? false,
        Down = entity.GetBoolean(nameof(ServerHealthRecord.Down)) ?? false,
        ConsecutiveFailures = entity.GetInt32(nameof(ServerHealthRecord.ConsecutiveFailures)) ?? 0,
        CheckedAt = entity.GetDateTimeOffset(nameof(ServerHealthRecord.CheckedAt)) ?? DateTimeOffset.MinValue,
        LatencyMs = entity.GetInt64(nameof(ServerHealthRecord.LatencyMs)) ?? 0,
        Method = Enum.TryParse<HealthCheckMethod>(entity.GetString(nameof(ServerHealthRecord.Method)), out var method) ? method : null,
        Error = entity.GetString(nameof(ServerHealthRecord.Error)),
        FailureKind = Enum.TryParse<McpFailureKind>(entity.GetString(nameof(ServerHealthRecord.FailureKind)), out var kind) ? kind : null,
        State = Enum.TryParse<LiveConnectionState>(entity.GetString(nameof(ServerHealthRecord.State)), out var state) ? state : LiveConnectionState.New,
        Circuit = Enum.TryParse<CircuitStatus>(entity.GetString(nameof(ServerHealthRecord.Circuit)), out var circuit) ? circuit : CircuitStatus.Closed,
    };
}
