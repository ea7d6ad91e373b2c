using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpOrchestrator.Core.Canonical;

namespace McpOrchestrator.Core.Signing;

/// <summary>
/// RFC 7515 JWS compact serialisation with ES256 (RFC 7518 §3.4): <c>header.payload.signature</c>, each part
/// unpadded base64url; the protected header is the JCS form of <c>{alg, kid, typ?}</c>; the signature is ECDSA P-256
/// over SHA-256 of the ASCII signing input, as the 64-byte R‖S concatenation (IEEE P1363, not DER).
/// </summary>
public static class JwsCompact
{
    public const string Es256 = "ES256";

    private const int Es256SignatureBytes = 64;

    /// <summary>Signs <paramref name="payload"/> with a P-256 private key, naming it <paramref name="keyId"/> in the
    /// protected header, with <c>typ</c> <paramref name="type"/> when given.</summary>
    public static string Sign(ReadOnlySpan<byte> payload, ECDsa privateKey, string keyId, string? type = null)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        if (privateKey.KeySize != 256)
        {
            throw new ArgumentException("ES256 needs a P-256 key.", nameof(privateKey));
        }

        var header = new JsonObject { ["alg"] = Es256, ["kid"] = keyId };
        if (type is not null)
        {
            header["typ"] = type;
        }

        var signingInput = Base64UrlText.Encode(JsonCanonicalizer.Canonicalize(header)) + "." + Base64UrlText.Encode(payload);
        var signature = privateKey.SignData(
            Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return signingInput + "." + Base64UrlText.Encode(signature);
    }

    /// <summary>
    /// Verifies a compact JWS against <paramref name="keys"/>, choosing the key by the header's <c>kid</c>. Accepts
    /// only <c>alg</c> ES256 with a <c>kid</c> that is in the set and no <c>crit</c> extensions; never throws for
    /// malformed input: the result says which check failed.
    /// </summary>
    public static JwsVerificationResult Verify(string compact, JsonWebKeySet keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (string.IsNullOrEmpty(compact))
        {
            return JwsVerificationResult.Fail("The JWS is empty.");
        }

        var parts = compact.Split('.');
        if (parts.Length != 3)
        {
            return JwsVerificationResult.Fail("The JWS is not in compact serialisation (three base64url parts separated by dots).");
        }

        var headerBytes = Base64UrlText.TryDecode(parts[0]);
        var payload = Base64UrlText.TryDecode(parts[1]);
        var signature = Base64UrlText.TryDecode(parts[2]);
        if (headerBytes is null || payload is null || signature is null || headerBytes.Length == 0)
        {
            return JwsVerificationResult.Fail("A part of the JWS is not unpadded base64url.");
        }

        string? algorithm;
        string? keyId;
        try
        {
            using var header = JsonDocument.Parse(headerBytes);
            if (header.RootElement.ValueKind != JsonValueKind.Object)
            {
                return JwsVerificationResult.Fail("The protected header is not a JSON object.");
            }

            if (header.RootElement.TryGetProperty("crit", out _))
            {
                return JwsVerificationResult.Fail("The protected header has critical extensions (crit), which this verifier does not implement.");
            }

            algorithm = StringMember(header.RootElement, "alg");
            keyId = StringMember(header.RootElement, "kid");
        }
        catch (JsonException)
        {
            return JwsVerificationResult.Fail("The protected header is not JSON.");
        }

        if (algorithm != Es256)
        {
            return JwsVerificationResult.Fail($"The algorithm is {(algorithm is null ? "missing" : "'" + algorithm + "'")}; only ES256 is accepted.");
        }

        if (string.IsNullOrEmpty(keyId))
        {
            return JwsVerificationResult.Fail("The protected header names no key (kid).");
        }

        var key = keys.Find(keyId);
        if (key is null)
        {
            return JwsVerificationResult.Fail($"No key with kid '{keyId}' is in the key set.", keyId);
        }

        if (key.ToPublicParameters() is not { } parameters)
        {
            return JwsVerificationResult.Fail($"Key '{keyId}' is not a P-256 EC key.", keyId);
        }

        if (signature.Length != Es256SignatureBytes)
        {
            return JwsVerificationResult.Fail($"The signature is {signature.Length} bytes; an ES256 signature is {Es256SignatureBytes} (R‖S).", keyId);
        }

        try
        {
            using var ecdsa = ECDsa.Create(parameters);
            var signingInput = Encoding.ASCII.GetBytes(string.Concat(parts[0], ".", parts[1]));
            return ecdsa.VerifyData(signingInput, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
                ? JwsVerificationResult.Success(keyId, payload)
                : JwsVerificationResult.Fail("The signature does not match the header and payload.", keyId);
        }
        catch (CryptographicException)
        {
            return JwsVerificationResult.Fail($"Key '{keyId}' is not a valid P-256 public key.", keyId);
        }
    }

    private static string? StringMember(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
