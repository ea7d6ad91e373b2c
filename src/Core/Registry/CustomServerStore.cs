using Azure;
using Azure.Data.Tables;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Storage;

namespace McpOrchestrator.Core.Registry;

/// <summary>
/// Custom registry entries in the <c>ServerRegistry</c> table: partition <c>server</c>, RowKey = server id, the
/// definition as JSON in the shape of <see cref="ServerDefinitionRequest"/>. Row <c>!version</c> in the same partition
/// holds a random stamp rewritten in the same entity group transaction as every change, so another instance can tell
/// with one point read whether its copy of the registry is still current.
/// </summary>
public sealed class CustomServerStore
{
    public const string TableName = "ServerRegistry";
    internal const string Partition = "server";
    internal const string VersionRow = "!version";

    private readonly TableClient _table;
    private readonly Lock _gate = new();
    private Task? _created;

    public CustomServerStore(TableServiceClient tables)
        : this(tables, TableName)
    {
    }

    /// <summary>A store on another table, so tests sharing one storage account keep apart.</summary>
    internal CustomServerStore(TableServiceClient tables, string tableName)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _table = tables.GetCheckedTableClient(tableName);
    }

    internal TableClient Table => _table;

    /// <summary>The stamp of the current registry contents; null before the first custom entry was written.</summary>
    internal async Task<string?> ReadVersionAsync(CancellationToken cancellationToken)
    {
        var row = await _table.GetEntityOrNullAsync(Partition, VersionRow, cancellationToken);
        return row?.GetString("Stamp");
    }

    /// <summary>Every custom entry with the stamp read before them (a write racing the read leaves the stamp older
    /// than the rows, never newer, so a later check reloads).</summary>
    internal async Task<(string? Version, IReadOnlyList<ServerDefinition> Servers)> ReadAllAsync(CancellationToken cancellationToken)
    {
        var version = await ReadVersionAsync(cancellationToken);
        var servers = new List<ServerDefinition>();
        foreach (var row in await _table.QueryOrEmptyAsync(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: cancellationToken))
        {
            if (row.RowKey != VersionRow && FromRow(row) is { } server)
            {
                servers.Add(server);
            }
        }

        return (version, servers);
    }

    internal async Task<ServerDefinition?> FindAsync(string id, CancellationToken cancellationToken)
    {
        var row = await _table.GetEntityOrNullAsync(Partition, id, cancellationToken);
        return row is null ? null : FromRow(row);
    }

    /// <summary>Inserts or replaces the entry; true when it was inserted.</summary>
    internal async Task<bool> PutAsync(ServerDefinition server, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        var row = ToRow(server, now);
        while (true)
        {
            try
            {
                await _table.SubmitCheckedTransactionAsync([new(TableTransactionActionType.Add, row), Stamp()], cancellationToken);
                return true;
            }
            catch (TableTransactionFailedException e) when (e.Status == 409 && e.FailedTransactionActionIndex is null or 0)
            {
                // Exists: replace it below.
            }

            try
            {
                await _table.SubmitCheckedTransactionAsync([new(TableTransactionActionType.UpdateReplace, row, ETag.All), Stamp()], cancellationToken);
                return false;
            }
            catch (TableTransactionFailedException e) when (e.Status == 404 && e.FailedTransactionActionIndex is null or 0)
            {
                // Deleted in between: insert again.
            }
        }
    }

    /// <summary>Deletes the entry; false when there was none.</summary>
    internal async Task<bool> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await _table.SubmitCheckedTransactionAsync(
                [new(TableTransactionActionType.Delete, new TableEntity(Partition, id), ETag.All), Stamp()], cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException e) when (e.Status == 404)
        {
            return false;
        }
        catch (RequestFailedException e) when (e.IsTableNotFound())
        {
            return false;
        }
    }

    private static TableTransactionAction Stamp() => new(
        TableTransactionActionType.UpsertReplace,
        new TableEntity(Partition, VersionRow) { ["Stamp"] = Guid.NewGuid().ToString("N") });

    private static TableEntity ToRow(ServerDefinition server, DateTimeOffset now)
    {
        var row = new TableEntity(Partition, server.Id) { ["UpdatedAt"] = now };
        StorageJson.Write(row, ToRequest(server));
        return row;
    }

    private static ServerDefinition? FromRow(TableEntity row)
    {
        var stored = StorageJson.Read<ServerDefinitionRequest>(row);
        if (stored is null || !Ids.IsValid(row.RowKey))
        {
            return null;
        }

        return new ServerDefinition
        {
            Id = row.RowKey,
            Name = stored.Name ?? row.RowKey,
            Description = stored.Description,
            Transport = stored.Transport switch
            {
                "http" => Transport.Http,
                "sse" => Transport.Sse,
                _ => Transport.Stdio,
            },
            Command = stored.Command,
            Args = stored.Args ?? [],
            Url = stored.Url,
            Headers = stored.Headers ?? new Dictionary<string, string>(),
            Parameters = [.. (stored.Parameters ?? []).Select(p => new ServerParameter
            {
                Name = p.Name ?? string.Empty,
                Type = p.Type switch
                {
                    "int" => ParameterType.Int,
                    "bool" => ParameterType.Bool,
                    "path" => ParameterType.Path,
                    "url" => ParameterType.Url,
                    _ => ParameterType.String,
                },
                Required = p.Required ?? false,
                Default = p.Default,
                Example = p.Example,
                Description = p.Description,
                AllowFlag = p.AllowFlag ?? false,
            })],
            Env = new EnvRequirements { Required = stored.Env?.Required ?? [], Optional = stored.Env?.Optional ?? [] },
            Tags = stored.Tags ?? [],
            DocsUrl = stored.DocsUrl,
        };
    }

    /// <summary>The definition in the registration shape (what <c>PUT /v1/servers/{id}</c> takes).</summary>
    public static ServerDefinitionRequest ToRequest(ServerDefinition server)
    {
        ArgumentNullException.ThrowIfNull(server);
        return new ServerDefinitionRequest
        {
            Name = server.Name,
            Description = server.Description,
            Transport = server.Transport switch
            {
                Transport.Http => "http",
                Transport.Sse => "sse",
                _ => "stdio",
            },
            Command = server.Command,
            Args = server.Transport == Transport.Stdio ? server.Args : null,
            Url = server.Url,
            Headers = server.Headers.Count > 0 ? server.Headers : null,
            Parameters = server.Parameters.Count > 0
                ? [.. server.Parameters.Select(p => new ServerParameterRequest
                {
                    Name = p.Name,
                    Type = ServerDefinitionValidator.Lower(p.Type),
                    Required = p.Required,
                    Default = p.Default,
                    Example = p.Example,
                    Description = p.Description,
                    AllowFlag = p.AllowFlag ? true : null,
                })]
                : null,
            Env = server.Env.Required.Count + server.Env.Optional.Count > 0
                ? new EnvRequirementsRequest { Required = server.Env.Required, Optional = server.Env.Optional }
                : null,
            Tags = server.Tags.Count > 0 ? server.Tags : null,
            DocsUrl = server.DocsUrl,
        };
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
