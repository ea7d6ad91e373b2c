using System.Text.Json.Serialization;

namespace McpOrchestrator.Core.Signing;

/// <summary>An RFC 7517 JWK Set (<c>{"keys": [...]}</c>): every signing key of the service, the current one first,
/// so any JOSE library can verify an artifact's signature by its <c>kid</c>.</summary>
public sealed record JsonWebKeySet
{
    [JsonPropertyName("keys")]
    public required IReadOnlyList<JsonWebKey> Keys { get; init; }

    /// <summary>The key with this <c>kid</c>, or null.</summary>
    public JsonWebKey? Find(string keyId) => Keys.FirstOrDefault(key => string.Equals(key.KeyId, keyId, StringComparison.Ordinal));
}
