using System.Globalization;
using Azure;
using Azure.Data.Tables;
using McpOrchestrator.Core.Problems;
using McpOrchestrator.Core.Publishing.Artifacts;
using McpOrchestrator.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpOrchestrator.Core.Publishing.Deployments;

/// <summary>
/// Which version of each profile is live, with its append-only history, in the <c>Deployments</c> table. Partition
/// <c>{clientId}:{profileId}</c>; rows <c>d0000000001</c>, <c>d0000000002</c> … (one per deployment, inserted once),
/// <c>current</c> (a copy of the live deployment, replaced under its ETag) and <c>idem:{sha256(key)}</c>. A deploy
/// writes its history row, the <c>current</c> row and its idempotency row in one entity group transaction, so the
/// pointer and the history never disagree and concurrent deploys are serialised into consecutive sequence numbers.
/// </summary>
public sealed class DeploymentStore
{
    public const string TableName = "Deployments";

    internal const string CurrentRow = "current";
    internal const string HistoryRowPrefix = "d";
    private const string UndeployedAtColumn = "UndeployedAt";
    private const int MaxAttempts = 64;

    private readonly TableClient _table;
    private readonly ArtifactStore _artifacts;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private volatile bool _tableReady;

    public DeploymentStore(TableServiceClient tables, ArtifactStore artifacts, TimeProvider clock, ILogger<DeploymentStore>? logger = null)
        : this(tables, artifacts, clock, TableName, logger)
    {
    }

    /// <summary>A store on another table, so tests sharing one storage account keep their deployments apart.</summary>
    internal DeploymentStore(TableServiceClient tables, ArtifactStore artifacts, TimeProvider clock, string tableName, ILogger<DeploymentStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _table = tables.GetCheckedTableClient(tableName);
        _artifacts = artifacts ?? throw new ArgumentNullException(nameof(artifacts));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _logger = logger ?? NullLogger<DeploymentStore>.Instance;
    }

    internal TableClient Table => _table;

    /// <summary>
    /// Makes a version live and records it. Deploying a version older than the live one is a rollback and is
    /// recorded as such. 404 <c>version_not_found</c> for a version that does not exist, 404
    /// <c>nothing_published</c> when no version is given and none exists, 400 <c>invalid_version</c> below 1, 409
    /// <c>idempotency_key_reused</c> when the key already deployed another version.
    /// </summary>
    /// <exception cref="ArgumentException">An id is not an id.</exception>
    public async Task<Deployment> DeployAsync(DeployRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var partition = ProfilePartition.Key(request.ClientId, request.ProfileId);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.DeployedBy, nameof(request));
        if (request.Version is { } requested and < 1)
        {
            throw new ProblemException(DeploymentProblems.InvalidVersion(requested));
        }

        var idempotencyRow = request.IdempotencyKey is null ? null : ProfilePartition.IdempotencyRow(request.IdempotencyKey);
        ArtifactSummary? target = null;
        await EnsureTableAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            if (idempotencyRow is not null && await FindByIdempotencyRowAsync(partition, idempotencyRow, cancellationToken) is { } done)
            {
                if (request.Version is { } version && version != done.Version)
                {
                    throw new ProblemException(IdempotencyKeyReused(request, done));
                }

                DeploymentLog.DeployReplayed(_logger, request.ClientId, request.ProfileId, request.IdempotencyKey!, done.Sequence);
                return done;
            }

            target ??= await ResolveAsync(request, cancellationToken);
            var current = await _table.GetEntityOrNullAsync(partition, CurrentRow, cancellationToken);
            var sequence = (current?.GetInt32(nameof(Deployment.Sequence)) ?? 0) + 1;
            var previous = current is null || IsUndeployed(current) ? null : FromEntity(current);
            var deployment = new Deployment
            {
                DeploymentId = string.Join(':', request.ClientId, request.ProfileId, sequence.ToString(CultureInfo.InvariantCulture)),
                Sequence = sequence,
                ClientId = request.ClientId,
                ProfileId = request.ProfileId,
                Version = target.Version,
                ArtifactId = target.ArtifactId,
                DeployedAt = _clock.GetUtcNow(),
                DeployedBy = request.DeployedBy,
                PreviousVersion = previous?.Version,
                IsRollback = previous is not null && target.Version < previous.Version,
            };
            var actions = new List<TableTransactionAction>
            {
                new(TableTransactionActionType.Add, ToEntity(partition, HistoryRow(sequence), deployment, request.IdempotencyKey)),
                current is null
                    ? new(TableTransactionActionType.Add, ToEntity(partition, CurrentRow, deployment, request.IdempotencyKey))
                    : new(TableTransactionActionType.UpdateReplace, ToEntity(partition, CurrentRow, deployment, request.IdempotencyKey), current.ETag),
            };
            if (idempotencyRow is not null)
            {
                actions.Add(new(TableTransactionActionType.Add, ToEntity(partition, idempotencyRow, deployment, request.IdempotencyKey)));
            }

            try
            {
                await _table.SubmitCheckedTransactionAsync(actions, cancellationToken);
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < MaxAttempts)
            {
                DeploymentLog.DeployConflict(_logger, request.ClientId, request.ProfileId, attempt);
                continue;
            }

            DeploymentLog.Deployed(
                _logger, deployment.ClientId, deployment.ProfileId, deployment.Version, deployment.ArtifactId, deployment.Sequence,
                deployment.PreviousVersion, deployment.IsRollback, deployment.DeployedBy);
            return deployment;
        }
    }

    /// <summary>The live deployment of the profile, or null when nothing was ever deployed.</summary>
    public async Task<Deployment?> GetCurrentAsync(string clientId, string profileId, CancellationToken cancellationToken)
    {
        var partition = ProfilePartition.Key(clientId, profileId);
        var entity = await _table.GetEntityOrNullAsync(partition, CurrentRow, cancellationToken);
        return entity is null || IsUndeployed(entity) ? null : FromEntity(entity);
    }

    /// <summary>Every deployment of the profile, newest first.</summary>
    public async Task<IReadOnlyList<Deployment>> ListAsync(string clientId, string profileId, CancellationToken cancellationToken)
    {
        var partition = ProfilePartition.Key(clientId, profileId);
        var rows = await _table.QueryOrEmptyAsync(
            TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {HistoryRowPrefix} and RowKey lt {"e"}"),
            cancellationToken: cancellationToken);
        var deployments = rows.ConvertAll(FromEntity);
        deployments.Reverse();
        return deployments;
    }

    /// <summary>Deployments <paramref name="top"/> (the last when null) and below, newest first: one key-range read
    /// of at most <paramref name="limit"/> rows. <c>NextTop</c> is the sequence number the next page starts at, null
    /// when the profile's first deployment is on this page.</summary>
    public async Task<(IReadOnlyList<Deployment> Items, int? NextTop)> ListPageAsync(
        string clientId, string profileId, int? top, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var partition = ProfilePartition.Key(clientId, profileId);

        // The current row names the last sequence number even after an undeploy.
        var from = top ?? (await _table.GetEntityOrNullAsync(partition, CurrentRow, cancellationToken))?.GetInt32(nameof(Deployment.Sequence)) ?? 0;
        if (from < 1)
        {
            return ([], null);
        }

        var low = Math.Max(1, from - limit + 1);
        var rows = await _table.QueryOrEmptyAsync(
            TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {HistoryRow(low)} and RowKey le {HistoryRow(from)}"),
            cancellationToken: cancellationToken);
        var deployments = rows.ConvertAll(FromEntity);
        deployments.Reverse();
        return (deployments, low > 1 ? low - 1 : null);
    }

    /// <summary>The deployed version of every profile of <paramref name="clientId"/> (or of those from
    /// <c>First</c> to <c>Last</c>) that has one, by profile id.</summary>
    internal async Task<Dictionary<string, int>> GetDeployedVersionsAsync(string clientId, (string First, string Last)? profiles, CancellationToken cancellationToken)
    {
        var versions = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = await _table.QueryOrEmptyAsync(
            ProfilePartition.RangeFilter(clientId, profiles, $"RowKey eq {CurrentRow}"),
            ["PartitionKey", "RowKey", nameof(Deployment.Version), UndeployedAtColumn],
            cancellationToken);
        foreach (var entity in rows)
        {
            if (!IsUndeployed(entity) && entity.GetInt32(nameof(Deployment.Version)) is { } version)
            {
                versions[ProfilePartition.ProfileOf(entity.PartitionKey)] = version;
            }
        }

        return versions;
    }

    internal async Task<bool> UndeployAsync(string clientId, string profileId, CancellationToken cancellationToken)
    {
        var partition = ProfilePartition.Key(clientId, profileId);
        for (var attempt = 1; ; attempt++)
        {
            var current = await _table.GetEntityOrNullAsync(partition, CurrentRow, cancellationToken);

            if (current is null || IsUndeployed(current))
            {
                return false;
            }

            try
            {
                await _table.UpdateEntityAsync(
                    new TableEntity(partition, CurrentRow) { [UndeployedAtColumn] = _clock.GetUtcNow() }, current.ETag, TableUpdateMode.Merge, cancellationToken);
                DeploymentLog.Undeployed(_logger, clientId, profileId, current.GetInt32(nameof(Deployment.Version)) ?? 0);
                return true;
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412 && attempt < MaxAttempts)
            {
                // A deploy got there first: look again.
            }
        }
    }

    internal static string HistoryRow(int sequence) => HistoryRowPrefix + sequence.ToString("D10", CultureInfo.InvariantCulture);

    private async Task<ArtifactSummary> ResolveAsync(DeployRequest request, CancellationToken cancellationToken)
    {
        if (request.Version is { } version)
        {
            return await _artifacts.GetSummaryAsync(request.ClientId, request.ProfileId, version, cancellationToken)
                ?? throw new ProblemException(ArtifactProblems.VersionNotFound(
                    request.ClientId, request.ProfileId, version, await _artifacts.GetLatestVersionAsync(request.ClientId, request.ProfileId, cancellationToken)));
        }

        var latest = await _artifacts.GetLatestVersionAsync(request.ClientId, request.ProfileId, cancellationToken)
            ?? throw new ProblemException(ArtifactProblems.NothingPublished(request.ClientId, request.ProfileId));
        return await _artifacts.GetSummaryAsync(request.ClientId, request.ProfileId, latest, cancellationToken)
            ?? throw new InvalidDataException($"{request.ClientId}:{request.ProfileId}: the latest version is {latest}, which does not exist.");
    }

    private async Task<Deployment?> FindByIdempotencyRowAsync(string partition, string row, CancellationToken cancellationToken)
    {
        var entity = await _table.GetEntityOrNullAsync(partition, row, cancellationToken);
        return entity is null ? null : FromEntity(entity);
    }

    private static Problem IdempotencyKeyReused(DeployRequest request, Deployment done) => new()
    {
        Status = 409,
        Code = "idempotency_key_reused",
        Title = "Idempotency key reused",
        Detail = $"This idempotency key already deployed version {done.Version.ToString(CultureInfo.InvariantCulture)} of {request.ClientId}/{request.ProfileId} (deployment {done.DeploymentId}). Use a new key for a new deployment.",
        Extensions = new Dictionary<string, object?> { ["deploymentId"] = done.DeploymentId },
    };

    private static TableEntity ToEntity(string partition, string row, Deployment deployment, string? idempotencyKey) => new(partition, row)
    {
        [nameof(Deployment.DeploymentId)] = deployment.DeploymentId,
        [nameof(Deployment.Sequence)] = deployment.Sequence,
        [nameof(Deployment.ClientId)] = deployment.ClientId,
        [nameof(Deployment.ProfileId)] = deployment.ProfileId,
        [nameof(Deployment.Version)] = deployment.Version,
        [nameof(Deployment.ArtifactId)] = deployment.ArtifactId,
        [nameof(Deployment.DeployedAt)] = deployment.DeployedAt,
        [nameof(Deployment.DeployedBy)] = deployment.DeployedBy,
        [nameof(Deployment.PreviousVersion)] = deployment.PreviousVersion,
        [nameof(Deployment.IsRollback)] = deployment.IsRollback,
        [nameof(DeployRequest.IdempotencyKey)] = idempotencyKey,
    };

    private static Deployment FromEntity(TableEntity entity) => new()
    {
        DeploymentId = entity.GetString(nameof(Deployment.DeploymentId)) ?? string.Empty,
        Sequence = entity.GetInt32(nameof(Deployment.Sequence)) ?? 0,
        ClientId = entity.GetString(nameof(Deployment.ClientId)) ?? string.Empty,
        ProfileId = entity.GetString(nameof(Deployment.ProfileId)) ?? string.Empty,
        Version = entity.GetInt32(nameof(Deployment.Version)) ?? 0,
        ArtifactId = entity.GetString(nameof(Deployment.ArtifactId)) ?? string.Empty,
        DeployedAt = entity[nameof(Deployment.DeployedAt)] is DateTimeOffset deployedAt ? deployedAt : DateTimeOffset.MinValue,
        DeployedBy = entity.GetString(nameof(Deployment.DeployedBy)) ?? string.Empty,
        PreviousVersion = entity.GetInt32(nameof(Deployment.PreviousVersion)),
        IsRollback = entity.GetBoolean(nameof(Deployment.IsRollback)) ?? false,
    };

    private static bool IsUndeployed(TableEntity current) => current[UndeployedAtColumn] is DateTimeOffset;

    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (!_tableReady)
        {
            await _table.CreateIfNotExistsAsync(cancellationToken);
            _tableReady = true;
        }
    }
}
