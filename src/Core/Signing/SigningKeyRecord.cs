using Azure;
using Azure.Data.Tables;

namespace McpOrchestrator.Core.Signing;

/// <summary>
/// A key's row in the <c>SigningKeys</c> table: partition <see cref="Partition"/>, RowKey <c>key:{kid}</c>, public
/// point, private scalar (AES-256-GCM sealed or raw, per <see cref="Protection"/>), creation and retirement times.
/// The private key never leaves this type except into an <c>ECDsa</c> that signs.
/// </summary>
internal sealed record SigningKeyRecord(
    string KeyId,
    byte[] X,
    byte[] Y,
    byte[] PrivateKey,
    string Protection,
    string? KekId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RetiredAt,
    ETag ETag = default)
{
    public const string Partition = "signing";
    public const string CurrentRow = "current";
    public const string KeyRowPrefix = "key:";

    /// <summary>The columns that hold no private material, for listing public keys.</summary>
    public static readonly string[] PublicColumns = [nameof(KeyId), nameof(X), nameof(Y), nameof(Protection), nameof(CreatedAt), nameof(RetiredAt)];

    public static string RowKeyOf(string keyId) => KeyRowPrefix + keyId;

    public bool IsEncrypted => Protection == KeyProtection.AesGcm;

    public JsonWebKey ToJwk() => JsonWebKey.FromPublicKey(X, Y);

    public SigningKeyInfo ToInfo(bool current) => new()
    {
        KeyId = KeyId,
        Algorithm = JwsCompact.Es256,
        PublicJwk = ToJwk(),
        Status = current ? SigningKeyStates.Current : SigningKeyStates.Retired,
        CreatedAt = CreatedAt,
        RetiredAt = RetiredAt,
    };

    public TableEntity ToEntity() => new(Partition, RowKeyOf(KeyId))
    {
        [nameof(KeyId)] = KeyId,
        ["Algorithm"] = JwsCompact.Es256,
        ["Curve"] = JsonWebKey.P256,
        [nameof(X)] = X,
        [nameof(Y)] = Y,
        [nameof(PrivateKey)] = PrivateKey,
        [nameof(Protection)] = Protection,
        [nameof(KekId)] = KekId,
        [nameof(CreatedAt)] = CreatedAt,
        [nameof(RetiredAt)] = RetiredAt,
    };

    /// <summary>Reads a row; <see cref="PrivateKey"/> is empty when the row was read without that column.</summary>
    public static SigningKeyRecord FromEntity(TableEntity entity) => new(
        entity.GetString(nameof(KeyId)) ?? entity.RowKey[KeyRowPrefix.Length..],
        entity.GetBinary(nameof(X)) ?? [],
        entity.GetBinary(nameof(Y)) ?? [],
        entity.GetBinary(nameof(PrivateKey)) ?? [],
        entity.GetString(nameof(Protection)) ?? KeyProtection.None,
        entity.GetString(nameof(KekId)),
        entity[nameof(CreatedAt)] is DateTimeOffset created ? created : DateTimeOffset.MinValue,
        entity[nameof(RetiredAt)] is DateTimeOffset retired ? retired : null,
        entity.ETag);

    /// <summary>Keeps key material out of anything that prints records (logs, exception messages, debuggers).</summary>
    public override string ToString() => $"SigningKeyRecord {{ KeyId = {KeyId}, Protection = {Protection} }}";
}
