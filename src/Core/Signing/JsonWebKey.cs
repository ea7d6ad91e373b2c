using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using McpOrchestrator.Core.Canonical;

namespace McpOrchestrator.Core.Signing;

/// <summary>
/// A public EC signing key as an RFC 7517 JWK: <c>kty</c> EC, <c>crv</c> P-256, the point's <c>x</c> and <c>y</c>
/// (base64url, 32 bytes each), <c>kid</c>, <c>alg</c> ES256, <c>use</c> sig. Serialises with exactly those member
/// names, whatever the serializer's naming policy.
/// </summary>
public sealed record JsonWebKey
{
    public const string EllipticCurveKeyType = "EC";
    public const string P256 = "P-256";
    public const string SignatureUse = "sig";

    [JsonPropertyName("kty")]
    public required string KeyType { get; init; }

    [JsonPropertyName("crv")]
    public required string Curve { get; init; }

    [JsonPropertyName("x")]
    public required string X { get; init; }

    [JsonPropertyName("y")]
    public required string Y { get; init; }

    [JsonPropertyName("kid")]
    public required string KeyId { get; init; }

    [JsonPropertyName("alg")]
    public required string Algorithm { get; init; }

    [JsonPropertyName("use")]
    public required string Use { get; init; }

    /// <summary>
    /// The RFC 7638 JWK thumbprint of a P-256 public key: base64url(SHA-256) of the JCS form of its required members
    /// <c>{crv, kty, x, y}</c>. This is the one key id scheme of the service: <see cref="KeyId"/> always equals it.
    /// </summary>
    public static string Thumbprint(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y)
    {
        var members = new JsonObject
        {
            ["crv"] = P256,
            ["kty"] = EllipticCurveKeyType,
            ["x"] = Base64Url(x),
            ["y"] = Base64Url(y),
        };
        return Base64Url(SHA256.HashData(JsonCanonicalizer.Canonicalize(members)));
    }

    /// <summary>The JWK of a P-256 public key, with its thumbprint as <see cref="KeyId"/>.</summary>
    public static JsonWebKey FromPublicKey(ReadOnlySpan<byte> x, ReadOnlySpan<byte> y) => new()
    {
        KeyType = EllipticCurveKeyType,
        Curve = P256,
        X = Base64Url(x),
        Y = Base64Url(y),
        KeyId = Thumbprint(x, y),
        Algorithm = JwsCompact.Es256,
        Use = SignatureUse,
    };

    /// <summary>The key as <see cref="ECParameters"/> for verification, or null when it is not a well-formed P-256
    /// public key (wrong kty/crv, coordinates not 32 bytes of base64url).</summary>
    internal ECParameters? ToPublicParameters()
    {
        if (KeyType != EllipticCurveKeyType || Curve != P256 || X is null || Y is null)
        {
            return null;
        }

        var x = DecodeCoordinate(X);
        var y = DecodeCoordinate(Y);
        return x is null || y is null
            ? null
            : new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = x, Y = y } };
    }

    private static string Base64Url(ReadOnlySpan<byte> bytes) => Base64UrlText.Encode(bytes);

    private static byte[]? DecodeCoordinate(string text) => Base64UrlText.TryDecode(text) is { Length: 32 } bytes ? bytes : null;
}
