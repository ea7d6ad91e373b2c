using System.Security.Cryptography;
using System.Text.Json;
using McpOrchestrator.Cli.Settings;
using McpOrchestrator.Core.Canonical;
using McpOrchestrator.Core.Configs;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using CoreJsonWebKey = McpOrchestrator.Core.Signing.JsonWebKey;
using CoreJsonWebKeySet = McpOrchestrator.Core.Signing.JsonWebKeySet;

namespace McpOrchestrator.Cli.Verification;

/// <summary>Checks a deployed artifact before anything is written: the JWS (ES256, by Microsoft.IdentityModel) against
/// the key its <c>kid</c> names in the service's JWKS, that key against the one pinned for the service (trust on first
/// use; a different key only with <c>trustKey</c>), the signed artifactId against <c>sha256:</c> + hex of the RFC 8785
/// canonical JSON of the payload, and the signed client, profile and version against the request. Any mismatch is a
/// <see cref="VerificationException"/>.</summary>
public sealed class ArtifactVerifier(TimeProvider time)
{
    public const string Algorithm = "ES256";

    private readonly JsonWebTokenHandler _handler = new();

    public async Task<VerifiedArtifact> VerifyAsync(
        DeployedArtifact artifact, CoreJsonWebKeySet keys, KeyPin? pinned, bool trustKey, string clientId, string profileId)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        ArgumentNullException.ThrowIfNull(keys);
        JsonWebToken token;
        try
        {
            token = new JsonWebToken(artifact.Signature);
        }
        catch (Exception ex) when (ex is ArgumentException or SecurityTokenMalformedException)
        {
            throw new VerificationException(VerificationFailure.Malformed, "the artifact's signature is not a compact JWS");
        }

        if (token.Alg != Algorithm)
        {
            throw new VerificationException(VerificationFailure.Malformed, $"the artifact is signed with '{token.Alg}', not {Algorithm}");
        }

        var kid = token.Kid;
        var served = string.IsNullOrEmpty(kid) ? null : keys.Find(kid);
        if (served is null || !IsThumbprintOf(served, kid))
        {
            throw new VerificationException(VerificationFailure.UnknownKey,
                $"the artifact is signed by key '{kid}', which the service's /v1/keys does not publish");
        }

        var candidate = new KeyPin { Kid = kid, Kty = served.KeyType, Crv = served.Curve, X = served.X, Y = served.Y, PinnedAt = time.GetUtcNow() };
        var key = candidate;
        var newPin = pinned is null;
        if (pinned is not null && (pinned.Kid != kid || pinned.X != served.X || pinned.Y != served.Y))
        {
            if (!trustKey)
            {
                throw new VerificationException(VerificationFailure.KeyChanged,
                    $"the artifact is signed by key '{kid}', not the key '{pinned.Kid}' pinned for this service; if the service rotated its signing key, run again with --trust-key");
            }

            newPin = true;
        }
        else if (pinned is not null)
        {
            key = pinned;
        }

        var result = await _handler.ValidateTokenAsync(artifact.Signature, new TokenValidationParameters
        {
            IssuerSigningKey = ToSecurityKey(key),
            ValidAlgorithms = [Algorithm],
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            RequireExpirationTime = false,
            RequireSignedTokens = true,
            TryAllIssuerSigningKeys = false,
        });
        if (!result.IsValid)
        {
            throw new VerificationException(VerificationFailure.BadSignature, $"the artifact's signature does not verify with key '{kid}'");
        }

        var claims = ReadClaims(token);
        var recomputed = ArtifactIdOf(artifact.Payload);
        if (claims.ArtifactId != recomputed || artifact.ArtifactId != recomputed)
        {
            throw new VerificationException(VerificationFailure.ArtifactIdMismatch,
                $"the payload hashes to {recomputed}, but the signature covers {claims.ArtifactId}: the payload was changed after signing");
        }

        if (claims.ClientId != clientId || claims.ProfileId != profileId || claims.Version != artifact.Version)
        {
            throw new VerificationException(VerificationFailure.ClaimsMismatch,
                $"the signature is for {claims.ClientId}/{claims.ProfileId} version {claims.Version}, not {clientId}/{profileId} version {artifact.Version}");
        }

        ConfigPayload payload;
        try
        {
            payload = ConfigPayload.FromJson(artifact.Payload);
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException)
        {
            throw new VerificationException(VerificationFailure.Malformed, "the signed payload is not a configuration payload");
        }

        if (payload.ClientId != clientId || payload.ProfileId != profileId)
        {
            throw new VerificationException(VerificationFailure.ClaimsMismatch,
                $"the payload is for {payload.ClientId}/{payload.ProfileId}, not {clientId}/{profileId}");
        }

        return new VerifiedArtifact(artifact, payload, newPin ? candidate : key, newPin);
    }

    /// <summary><c>sha256:</c> + lowercase hex of SHA-256 over the RFC 8785 canonical JSON of the payload.</summary>
    public static string ArtifactIdOf(JsonElement payload)
    {
        try
        {
            return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(JsonCanonicalizer.Canonicalize(payload)));
        }
        catch (ArgumentException)
        {
            throw new VerificationException(VerificationFailure.Malformed, "the payload holds JSON that has no canonical form");
        }
    }

    private static bool IsThumbprintOf(CoreJsonWebKey key, string kid)
    {
        var x = Base64UrlEncoder.DecodeBytes(key.X);
        var y = Base64UrlEncoder.DecodeBytes(key.Y);
        return key.KeyType == CoreJsonWebKey.EllipticCurveKeyType && key.Curve == CoreJsonWebKey.P256
            && x.Length == 32 && y.Length == 32 && CoreJsonWebKey.Thumbprint(x, y) == kid;
    }

    private static Microsoft.IdentityModel.Tokens.JsonWebKey ToSecurityKey(KeyPin key) => new()
    {
        Kty = key.Kty,
        Crv = key.Crv,
        X = key.X,
        Y = key.Y,
        Kid = key.Kid,
    };

    private static (string? ArtifactId, string? ClientId, string? ProfileId, int? Version) ReadClaims(JsonWebToken token)
    {
        try
        {
            using var document = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(token.EncodedPayload));
            var root = document.RootElement;
            return (Text(root, "artifactId"), Text(root, "clientId"), Text(root, "profileId"),
                root.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : null);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or ArgumentException)
        {
            throw new VerificationException(VerificationFailure.Malformed, "the signed claims are not JSON");
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
