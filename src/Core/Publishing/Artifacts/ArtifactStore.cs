using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Data.Tables;
using McpOrchestrator.Core.Canonical;
using McpOrchestrator.Core.Problems;
using McpOrchestrator.Core.Signing;
using McpOrchestrator.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpOrchestrator.Core.Publishing.Artifacts;

/// <summary>
/// Published artifacts in the <c>Artifacts</c> table. Partition <c>{clientId}:{profileId}</c>; rows
/// <c>v0000000001</c>, <c>v0000000002</c> … (one per version, written once with an insert and never updated),
/// <c>latest</c> (the highest version, replaced under its ETag) and <c>idem:{sha256(key)}</c> (the version an
/// idempotency key created). A publish writes its version row, the <c>latest</c> row and its idempotency row in one
/// entity group transaction: concurrent publishes of one profile get consecutive, distinct versions, and a repeated
/// or concurrent publish with the same idempotency key yields exactly one version. Artifacts are keyed by profile
/// and version, never by artifact id, so identical payloads in different profiles never touch each other.
/// </summary>
public sealed class ArtifactStore
{
    public const string TableName = "Artifacts";

    /// <summary>The largest canonical payload an artifact holds (14 × 64 KiB), keeping the row under 1 MiB.</summary>
    public const int MaxPayloadBytes = PayloadChunks.ChunkBytes * PayloadChunks.MaxChunks;

    /// <summary>The largest canonical validation summary an artifact keeps.</summary>
    public const int MaxValidationSummaryBytes = PayloadChunks.ChunkBytes;

    public const int MaxChangelogLength = 4096;

    internal const string LatestRow = "latest";
    internal const string VersionRowPrefix = "v";
    private const string PayloadColumn = "Payload";
    private const string ValidationColumn = "Validation";
    private const int MaxAttempts = 64;

    private static readonly string[] SummaryColumns =
    [
        "PartitionKey", "RowKey", nameof(Artifact.ClientId), nameof(Artifact.ProfileId), nameof(Artifact.Version), nameof(Artifact.ArtifactId),
        nameof(Artifact.Changelog), nameof(Artifact.PublishedBy), nameof(Artifact.CreatedAt), nameof(Artifact.Signature), nameof(Artifact.Kid),
        nameof(Artifact.IdempotencyKey), PayloadColumn + "Bytes", .. PayloadChunks.Columns(ValidationColumn, chunks: 1),
    ];

    private readonly TableClient _table;
    private readonly SigningKeyService _signing;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private volatile bool _tableReady;

    public ArtifactStore(TableServiceClient tables, SigningKeyService signing, TimeProvider clock, ILogger<ArtifactStore>? logger = null)
        : this(tables, signing, clock, TableName, logger)
    {
    }

    /// <summary>A store on another table, so tests sharing one storage account keep their artifacts apart.</summary>
    internal ArtifactStore(TableServiceClient tables, SigningKeyService signing, TimeProvider clock, string tableName, ILogger<ArtifactStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _table = tables.GetCheckedTableClient(tableName);
        _signing = signing ?? throw new ArgumentNullException(nameof(signing));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _logger = logger ?? NullLogger<ArtifactStore>.Instance;
    }

    internal TableClient Table => _table;

    /// <summary><c>sha256:</c> + lowercase hex SHA-256 of the RFC 8785 canonical form of <paramref name="payload"/>.</summary>
    public static string ComputeArtifactId(JsonElement payload) => ArtifactIdOf(JsonCanonicalizer.Canonicalize(payload));

    /// <summary>
    /// Signs and stores <paramref name="request"/> as the next version of its profile and returns it; with an
    /// idempotency key already used for this profile, returns the version that key created instead. Nothing is
    /// written when it fails: 409 <c>keys_not_initialized</c>, 413 <c>payload_too_large</c>, 400
    /// <c>changelog_too_long</c>, 409 <c>idempotency_key_reused</c> (same key, different payload).
    /// </summary>
    /// <exception cref="ArgumentException">An id is not an id, or the payload is not representable in JCS.</exception>
    public async Task<Artifact> PublishAsync(PublishRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var partition = ProfilePartition.Key(request.ClientId, request.ProfileId);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.PublishedBy, nameof(request));
        var idempotencyRow = request.IdempotencyKey is null ? null : ProfilePartition.IdempotencyRow(request.IdempotencyKey);
        if (request.Changelog is { Length: > MaxChangelogLength } changelog)
        {
            throw new ProblemException(ArtifactProblems.ChangelogTooLong(changelog.Length, MaxChangelogLength));
        }

        var payload = JsonCanonicalizer.Canonicalize(request.Payload);
        if (payload.Length > MaxPayloadBytes)
        {
            throw new ProblemException(ArtifactProblems.PayloadTooLarge(payload.Length, MaxPayloadBytes));
        }

        var validation = request.ValidationSummary is { } summary ? JsonCanonicalizer.Canonicalize(summary) : null;
        if (validation is { Length: > MaxValidationSummaryBytes })
        {
            throw new ProblemException(ArtifactProblems.ValidationSummaryTooLarge(validation.Length, MaxValidationSummaryBytes));
        }

        var artifactId = ArtifactIdOf(payload);
        await EnsureTableAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            if (idempotencyRow is not null && await FindByIdempotencyRowAsync(partition, idempotencyRow, cancellationToken) is { } done)
            {
                if (done.ArtifactId != artifactId)
                {
                    throw new ProblemException(ArtifactProblems.IdempotencyKeyReused(request.ClientId, request.ProfileId, done.Version));
                }

                ArtifactLog.PublishReplayed(_logger, request.ClientId, request.ProfileId, request.IdempotencyKey!, done.Version);
                return await GetAsync(request.ClientId, request.ProfileId, done.Version, cancellationToken)
                    ?? throw new InvalidDataException($"{partition}: idempotency row {idempotencyRow} names version {done.Version}, which does not exist.");
            }

            var latest = await _table.GetEntityOrNullAsync(partition, LatestRow, cancellationToken);
            var version = (latest?.GetInt32(nameof(Artifact.Version)) ?? 0) + 1;
            var now = _clock.GetUtcNow();
            var artifact = new Artifact
            {
                ClientId = request.ClientId,
                ProfileId = request.ProfileId,
                Version = version,
                ArtifactId = artifactId,
                Payload = request.Payload,
                Changelog = request.Changelog,
                PublishedBy = request.PublishedBy,
                CreatedAt = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero),
                ValidationSummary = request.ValidationSummary,
                Signature = string.Empty,
                Kid = string.Empty,
                IdempotencyKey = request.IdempotencyKey,
            };
            var signature = await _signing.SignArtifactAsync(artifact.ToClaims(), cancellationToken);
            // What is returned is what a read returns: the canonical forms.
            artifact = artifact with
            {
                Signature = signature.Jws,
                Kid = signature.KeyId,
                Payload = Parse(payload),
                ValidationSummary = validation is null ? null : Parse(validation),
            };

            var pointer = new TableEntity(partition, LatestRow)
            {
                [nameof(Artifact.Version)] = version,
                [nameof(Artifact.ArtifactId)] = artifactId,
                [nameof(Artifact.CreatedAt)] = artifact.CreatedAt,
            };
            var actions = new List<TableTransactionAction>
            {
                new(TableTransactionActionType.Add, ToEntity(partition, artifact, payload, validation)),
                latest is null
                    ? new(TableTransactionActionType.Add, pointer)
                    : new(TableTransactionActionType.UpdateReplace, pointer, latest.ETag),
            };
            if (idempotencyRow is not null)
            {
                actions.Add(new(TableTransactionActionType.Add, new TableEntity(partition, idempotencyRow)
                {
                    [nameof(Artifact.IdempotencyKey)] = request.IdempotencyKey,
                    [nameof(Artifact.Version)] = version,
                    [nameof(Artifact.ArtifactId)] = artifactId,
                }));
            }

            try
            {
                await _table.SubmitCheckedTransactionAsync(actions, cancellationToken);
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // A concurrent publish took this version (or this idempotency key) first: look again.
                ArtifactLog.VersionConflict(_logger, request.ClientId, request.ProfileId, version, attempt);
                continue;
            }

            ArtifactLog.Published(_logger, request.ClientId, request.ProfileId, version, artifactId, payload.Length, artifact.Kid, request.PublishedBy);
            return artifact;
        }
    }

    /// <summary>Version <paramref name="version"/> of the profile, or null when it does not exist. The payload is
    /// checked against the artifact id on every read.</summary>
    /// <exception cref="InvalidDataException">The stored payload no longer hashes to its artifact id.</exception>
    public async Task<Artifact?> GetAsync(string clientId, string profileId, int version, CancellationToken cancellationToken)
    {
        var partition = ProfilePartition.Key(clientId, profileId);
        if (version < 1)
        {
            return null;
        }

        var entity = await _table.GetEntityOrNullAsync(partition, VersionRow(version), cancellationToken);
        return entity is null ? null : ToArtifact(entity);
    }

    /// <summary>The highest version of the profile, or null when nothing was published.</summary>
    public async Task<Artifact?> GetLatestAsync(string clientId, string profileId, CancellationToken cancellationToken) =>
        await GetLatestVersionAsync(clientId, profileId, cancellationToken) is { } version
            ? await GetAsync(clientId, profileId, version, cancellationToken)
            : null;

    /// <summary>The highest version number of the profile (one point read), or null when nothing was published.</summary>
    public async Task<int?> GetLatestVersionAsync(string clientId, string profileId, CancellationToken cancellationToken)
    {
        var partition = ProfilePartition.Key(clientId, profileId);
        var latest = await _table.GetEntityOrNullAsync(partition, LatestRow, cancellationToken);
        return latest?.GetInt32(nameof(Artifact.Version));
    }

    /// <summary>Version <paramref name="version"/> without its payload, or null when it does not exist.</summary>
    public async Task<ArtifactSummary?> GetSummaryAsync(string clientId, string profileId, int version, CancellationToken cancellationToken)
    {
        var partition = ProfilePartition.Key(clientId, profileId);
        if (version < 1)
        {
            return null;
        }

        var row = VersionRow(version);
        var rows = await _table.QueryOrEmptyAsync(
            TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey eq {row}"), SummaryColumns, cancellationToken);
        return rows.Count == 0 ? null : ToSummary(rows[0]);
    }

    /// <summary>Every version of the profile without payloads, newest first.</summary>
    public async Task<IReadOnlyList<ArtifactSummary>> ListAsync(string clientId, string profileId, CancellationToken cancellationToken)
    {
        var partition = ProfilePartition.Key(clientId, profileId);
        var rows = await _table.QueryOrEmptyAsync(
            TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {VersionRowPrefix} and RowKey lt {"w"}"),
            SummaryColumns,
            cancellationToken);
        var summaries = rows.ConvertAll(ToSummary);
        summaries.Reverse();
        return summaries;
    }

    /// <summary>Versions <paramref name="top"/> (the latest when null) and below without payloads, newest first: one
    /// key-range read of at most <paramref name="limit"/> rows. <c>NextTop</c> is the version the next page starts
    /// at, null when version 1 is on this page.</summary>
    public async Task<(IReadOnlyList<ArtifactSummary> Items, int? NextTop)> ListPageAsync(
        string clientId, string profileId, int? top, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var from = top ?? await GetLatestVersionAsync(clientId, profileId, cancellationToken) ?? 0;
        if (from < 1)
        {
            return ([], null);
        }

        var low = Math.Max(1, from - limit + 1);
        var partition = ProfilePartition.Key(clientId, profileId);
        var rows = await _table.QueryOrEmptyAsync(
            TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {VersionRow(low)} and RowKey le {VersionRow(from)}"),
            SummaryColumns,
            cancellationToken);
        var summaries = rows.ConvertAll(ToSummary);
        summaries.Reverse();
        return (summaries, low > 1 ? low - 1 : null);
    }

    /// <summary>The latest version of every profile of <paramref name="clientId"/> (or of those from
    /// <c>First</c> to <c>Last</c>) that has one, by profile id.</summary>
    internal async Task<Dictionary<string, int>> GetLatestVersionsAsync(string clientId, (string First, string Last)? profiles, CancellationToken cancellationToken)
    {
        var versions = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = await _table.QueryOrEmptyAsync(
            ProfilePartition.RangeFilter(clientId, profiles, $"RowKey eq {LatestRow}"),
            ["PartitionKey", "RowKey", nameof(Artifact.Version)],
            cancellationToken);
        foreach (var entity in rows)
        {
            if (entity.GetInt32(nameof(Artifact.Version)) is { } version)
            {
                versions[ProfilePartition.ProfileOf(entity.PartitionKey)] = version;
            }
        }

        return versions;
    }

    internal static string VersionRow(int version) => VersionRowPrefix + version.ToString("D10", CultureInfo.InvariantCulture);

    private static string ArtifactIdOf(byte[] canonicalPayload) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(canonicalPayload));

    private static JsonElement Parse(byte[] json) => JsonSerializer.Deserialize<JsonElement>(json);

    private static TableEntity ToEntity(string partition, Artifact artifact, byte[] payload, byte[]? validation)
    {
        var entity = new TableEntity(partition, VersionRow(artifact.Version))
        {
            [nameof(Artifact.ClientId)] = artifact.ClientId,
            [nameof(Artifact.ProfileId)] = artifact.ProfileId,
            [nameof(Artifact.Version)] = artifact.Version,
            [nameof(Artifact.ArtifactId)] = artifact.ArtifactId,
            [nameof(Artifact.Changelog)] = artifact.Changelog,
            [nameof(Artifact.PublishedBy)] = artifact.PublishedBy,
            [nameof(Artifact.CreatedAt)] = artifact.CreatedAt,
            [nameof(Artifact.Signature)] = artifact.Signature,
            [nameof(Artifact.Kid)] = artifact.Kid,
            [nameof(Artifact.IdempotencyKey)] = artifact.IdempotencyKey,
        };
        PayloadChunks.Write(entity, PayloadColumn, payload);
        if (validation is not null)
        {
            PayloadChunks.Write(entity, ValidationColumn, validation);
        }

        return entity;
    }

    private static Artifact ToArtifact(TableEntity entity)
    {
        var summary = ToSummary(entity);
        var payload = PayloadChunks.Read(entity, PayloadColumn)
            ?? throw new InvalidDataException($"Artifact row {entity.PartitionKey}/{entity.RowKey} has no payload.");
        var computed = ArtifactIdOf(payload);
        if (computed != summary.ArtifactId)
        {
            throw new InvalidDataException(
                $"Artifact {entity.PartitionKey} version {summary.Version} is damaged: its payload hashes to {computed}, not to its artifact id {summary.ArtifactId}.");
        }

        return new Artifact
        {
            ClientId = summary.ClientId,
            ProfileId = summary.ProfileId,
            Version = summary.Version,
            ArtifactId = summary.ArtifactId,
            Payload = Parse(payload),
            Changelog = summary.Changelog,
            PublishedBy = summary.PublishedBy,
            CreatedAt = summary.CreatedAt,
            ValidationSummary = summary.ValidationSummary,
            Signature = summary.Signature,
            Kid = summary.Kid,
            IdempotencyKey = entity.GetString(nameof(Artifact.IdempotencyKey)),
        };
    }

    private static ArtifactSummary ToSummary(TableEntity entity) => new()
    {
        ClientId = entity.GetString(nameof(Artifact.ClientId)) ?? string.Empty,
        ProfileId = entity.GetString(nameof(Artifact.ProfileId)) ?? string.Empty,
        Version = entity.GetInt32(nameof(Artifact.Version)) ?? 0,
        ArtifactId = entity.GetString(nameof(Artifact.ArtifactId)) ?? string.Empty,
        Changelog = entity.GetString(nameof(Artifact.Changelog)),
        PublishedBy = entity.GetString(nameof(Artifact.PublishedBy)) ?? string.Empty,
        CreatedAt = entity[nameof(Artifact.CreatedAt)] is DateTimeOffset created ? created : DateTimeOffset.MinValue,
        ValidationSummary = PayloadChunks.Read(entity, ValidationColumn) is { } validation ? Parse(validation) : null,
        Signature = entity.GetString(nameof(Artifact.Signature)) ?? string.Empty,
        Kid = entity.GetString(nameof(Artifact.Kid)) ?? string.Empty,
        PayloadBytes = entity.GetInt32(PayloadColumn + "Bytes") ?? 0,
    };

    private async Task<(int Version, string ArtifactId)?> FindByIdempotencyRowAsync(string partition, string row, CancellationToken cancellationToken)
    {
        var entity = await _table.GetEntityOrNullAsync(partition, row, cancellationToken);
        return entity is null
            ? null
            : (entity.GetInt32(nameof(Artifact.Version)) ?? 0, entity.GetString(nameof(Artifact.ArtifactId)) ?? string.Empty);
    }

    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (!_tableReady)
        {
            await _table.CreateIfNotExistsAsync(cancellationToken);
            _tableReady = true;
        }
    }
}
