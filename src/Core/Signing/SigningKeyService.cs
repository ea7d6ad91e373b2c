using System.Security.Cryptography;
using Azure.Data.Tables;
using McpOrchestrator.Core.Problems;
using McpOrchestrator.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace McpOrchestrator.Core.Signing;

/// <summary>
/// The service's ES256 (P-256) signing keys, in the <c>SigningKeys</c> table: one partition holding a row per key
/// (<c>key:{kid}</c>, kid = RFC 7638 thumbprint) and a <c>current</c> pointer row. Creating or rotating a key writes
/// the new key, the pointer (insert, or replace under its ETag) and the old key's retirement in one entity group
/// transaction, so concurrent calls never leave two current keys. Retired keys are never deleted: they stay in the
/// JWKS for verification. Private keys are sealed with AES-256-GCM when a key-encryption key is configured.
/// </summary>
public sealed class SigningKeyService
{
    public const string TableName = "SigningKeys";

    private const int MaxAttempts = 32;

    private readonly TableClient _table;
    private readonly TimeProvider _clock;
    private readonly byte[]? _kek;
    private readonly ILogger _logger;
    private volatile bool _tableReady;

    public SigningKeyService(TableServiceClient tables, IOptions<SigningOptions> options, TimeProvider clock, ILogger<SigningKeyService>? logger = null)
        : this(tables, options, clock, TableName, logger)
    {
    }

    /// <summary>A service on another table, so tests sharing one storage account keep their keys apart.</summary>
    internal SigningKeyService(TableServiceClient tables, IOptions<SigningOptions> options, TimeProvider clock, string tableName, ILogger<SigningKeyService>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(options);
        _table = tables.GetCheckedTableClient(tableName);
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _kek = options.Value.DecodeKeyEncryptionKey();
        _logger = logger ?? NullLogger<SigningKeyService>.Instance;
    }

    /// <summary>Whether new private keys are sealed under a key-encryption key.</summary>
    public bool EncryptionConfigured => _kek is not null;

    internal TableClient Table => _table;

    /// <summary>
    /// Creates the first signing key, or with <paramref name="rotate"/> a new current key that replaces the current
    /// one (which is retired and kept for verification). Without <paramref name="rotate"/>, 409
    /// <c>keys_already_initialized</c> when a key exists, including when a concurrent call created it first.
    /// </summary>
    public async Task<SigningKeyInfo> InitializeAsync(bool rotate, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var pointer = await _table.GetEntityOrNullAsync(SigningKeyRecord.Partition, SigningKeyRecord.CurrentRow, cancellationToken);
            var currentId = pointer?.GetString(nameof(SigningKeyRecord.KeyId));
            if (pointer is not null && !rotate)
            {
                throw new ProblemException(SigningProblems.KeysAlreadyInitialized(currentId ?? "unknown"));
            }

            var now = _clock.GetUtcNow();
            var record = CreateKey(now);
            var newPointer = new TableEntity(SigningKeyRecord.Partition, SigningKeyRecord.CurrentRow)
            {
                [nameof(SigningKeyRecord.KeyId)] = record.KeyId,
                ["UpdatedAt"] = now,
            };
            var actions = new List<TableTransactionAction> { new(TableTransactionActionType.Add, record.ToEntity()) };
            if (pointer is null)
            {
                actions.Add(new(TableTransactionActionType.Add, newPointer));
            }
            else
            {
                actions.Add(new(TableTransactionActionType.UpdateReplace, newPointer, pointer.ETag));
                if (currentId is not null)
                {
                    actions.Add(new(
                        TableTransactionActionType.UpdateMerge,
                        new TableEntity(SigningKeyRecord.Partition, SigningKeyRecord.RowKeyOf(currentId)) { [nameof(SigningKeyRecord.RetiredAt)] = now }));
                }
            }

            try
            {
                await _table.SubmitCheckedTransactionAsync(actions, cancellationToken);
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412 && attempt < MaxAttempts)
            {
                // Another call created or rotated a key since the pointer was read: decide again on what is there now.
                SigningLog.KeyWriteConflict(_logger, attempt);
                continue;
            }

            SigningLog.KeyCreated(_logger, record.KeyId, record.Protection == KeyProtection.AesGcm ? "encrypted with AES-256-GCM" : "stored unencrypted");
            if (currentId is not null)
            {
                SigningLog.KeyRotated(_logger, record.KeyId, currentId);
            }

            return record.ToInfo(current: true);
        }
    }

    /// <summary>Every key, the current one first, then retired keys newest first.</summary>
    public async Task<IReadOnlyList<SigningKeyInfo>> ListAsync(CancellationToken cancellationToken)
    {
        var (currentId, records) = await ReadPublicAsync(cancellationToken);
        return [.. records.Select(record => record.ToInfo(record.KeyId == currentId))];
    }

    /// <summary>The RFC 7517 JWK Set of every key, the current one first (empty before initialisation).</summary>
    public async Task<JsonWebKeySet> GetJwksAsync(CancellationToken cancellationToken)
    {
        var (_, records) = await ReadPublicAsync(cancellationToken);
        return new JsonWebKeySet { Keys = [.. records.Select(record => record.ToJwk())] };
    }

    /// <summary>
    /// Signs <paramref name="claims"/> with the current key: a compact JWS whose payload is
    /// <see cref="ArtifactClaims.ToPayload"/>. 409 <c>keys_not_initialized</c> when there is no key; 503
    /// <c>signing_key_unavailable</c> when the key is sealed under a key-encryption key this service does not have.
    /// </summary>
    public async Task<ArtifactSignature> SignArtifactAsync(ArtifactClaims claims, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var record = await ReadCurrentAsync(cancellationToken) ?? throw new ProblemException(SigningProblems.KeysNotInitialized());
        byte[] privateKey;
        try
        {
            privateKey = KeyProtection.Unprotect(record, _kek);
        }
        catch (ProblemException e)
        {
            SigningLog.KeyUnusable(_logger, record.KeyId, e.Problem.Detail);
            throw;
        }

        try
        {
            using var ecdsa = ECDsa.Create(new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                D = privateKey,
                Q = new ECPoint { X = record.X, Y = record.Y },
            });
            return new ArtifactSignature
            {
                Jws = JwsCompact.Sign(claims.ToPayload(), ecdsa, record.KeyId, ArtifactClaims.JwsType),
                KeyId = record.KeyId,
            };
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }

    /// <summary>
    /// Verifies an artifact's signature against this service's JWKS and checks that it signs exactly
    /// <paramref name="claims"/>. Invalid signatures are a result, not an exception.
    /// </summary>
    public async Task<JwsVerificationResult> VerifyArtifactAsync(ArtifactClaims claims, string jws, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claims);
        var result = JwsCompact.Verify(jws, await GetJwksAsync(cancellationToken));
        if (result.IsValid && !result.Payload.Span.SequenceEqual(claims.ToPayload()))
        {
            return JwsVerificationResult.Fail("The signature is valid but signs a different artifact (its payload does not match).", result.KeyId);
        }

        return result;
    }

    /// <summary>What <c>/health</c> reports about signing: a current key, whether it is encrypted at rest, and
    /// whether the service can sign with it. Storage failures propagate.</summary>
    public async Task<SigningKeyStatus> GetStatusAsync(CancellationToken cancellationToken)
    {
        var record = await ReadCurrentAsync(cancellationToken);
        if (record is null)
        {
            return new SigningKeyStatus
            {
                Present = false,
                Encrypted = false,
                EncryptionConfigured = EncryptionConfigured,
                Usable = false,
                Detail = "No signing key exists; an administrator creates one with POST /v1/keys/initialize.",
            };
        }

        string? detail = null;
        var usable = true;
        try
        {
            CryptographicOperations.ZeroMemory(KeyProtection.Unprotect(record, _kek));
        }
        catch (ProblemException e)
        {
            usable = false;
            detail = e.Problem.Detail;
        }

        if (usable && !record.IsEncrypted)
        {
            detail = EncryptionConfigured
                ? "The current private signing key was stored before a key-encryption key was set and is unencrypted; rotate it with POST /v1/keys/initialize {\"rotate\": true} so that the new one is encrypted."
                : $"The private signing key is stored unencrypted: set {SigningOptions.KeyEncryptionKeyEnvironmentName} to a base64 32-byte key (openssl rand -base64 32), restart, and rotate the key with POST /v1/keys/initialize {{\"rotate\": true}}.";
        }

        return new SigningKeyStatus
        {
            Present = true,
            Encrypted = record.IsEncrypted,
            EncryptionConfigured = EncryptionConfigured,
            Usable = usable,
            KeyId = record.KeyId,
            Detail = detail,
        };
    }

    private SigningKeyRecord CreateKey(DateTimeOffset now)
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var parameters = ecdsa.ExportParameters(includePrivateParameters: true);
        try
        {
            var x = parameters.Q.X!;
            var y = parameters.Q.Y!;
            var keyId = JsonWebKey.Thumbprint(x, y);
            var (stored, protection, kekId) = KeyProtection.Protect(parameters.D, _kek, keyId);
            return new SigningKeyRecord(keyId, x, y, stored, protection, kekId, now, null);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(parameters.D);
        }
    }

    /// <summary>The current key with its private column, or null when none exists.</summary>
    private async Task<SigningKeyRecord?> ReadCurrentAsync(CancellationToken cancellationToken)
    {
        var pointer = await _table.GetEntityOrNullAsync(SigningKeyRecord.Partition, SigningKeyRecord.CurrentRow, cancellationToken);
        if (pointer?.GetString(nameof(SigningKeyRecord.KeyId)) is not { } keyId)
        {
            return null;
        }

        var row = await _table.GetEntityOrNullAsync(SigningKeyRecord.Partition, SigningKeyRecord.RowKeyOf(keyId), cancellationToken)
            ?? throw new ProblemException(SigningProblems.SigningKeyUnavailable(
                $"The current signing key '{keyId}' is missing from the {_table.Name} table. Create a new signing key with POST /v1/keys/initialize {{\"rotate\": true}}."));
        return SigningKeyRecord.FromEntity(row);
    }

    /// <summary>The current key id and every key without its private column, current first, then newest first.</summary>
    private async Task<(string? CurrentId, List<SigningKeyRecord> Records)> ReadPublicAsync(CancellationToken cancellationToken)
    {
        string? currentId = null;
        var records = new List<SigningKeyRecord>();
        var rows = await _table.QueryOrEmptyAsync(
            TableClient.CreateQueryFilter($"PartitionKey eq {SigningKeyRecord.Partition}"),
            ["PartitionKey", "RowKey", .. SigningKeyRecord.PublicColumns],
            cancellationToken);
        foreach (var entity in rows)
        {
            if (entity.RowKey == SigningKeyRecord.CurrentRow)
            {
                currentId = entity.GetString(nameof(SigningKeyRecord.KeyId));
            }
            else if (entity.RowKey.StartsWith(SigningKeyRecord.KeyRowPrefix, StringComparison.Ordinal))
            {
                records.Add(SigningKeyRecord.FromEntity(entity));
            }
        }

        records.Sort((a, b) =>
        {
            var current = (b.KeyId == currentId).CompareTo(a.KeyId == currentId);
            if (current != 0)
            {
                return current;
            }

            var created = b.CreatedAt.CompareTo(a.CreatedAt);
            return created != 0 ? created : string.CompareOrdinal(a.KeyId, b.KeyId);
        });
        return (currentId, records);
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
