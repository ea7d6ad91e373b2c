using System.Buffers.Text;
using System.Text;
using McpOrchestrator.Core.Signing;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Core.Tests.Signing;

/// <summary>
/// Signatures against an independent JOSE implementation, the npm <c>jose</c> package run by node: what this service
/// signs, jose verifies with nothing but the JWKS; what jose signs, this service's verifier accepts; tampering fails
/// on both sides; key ids are the RFC 7638 thumbprints jose computes.
/// </summary>
public sealed class JoseInteropTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private readonly ManualTimeProvider _clock = new(SigningHost.Start);

    [Fact]
    public async Task ServiceSigns_JoseVerifiesWithTheJwks_AndReadsTheClaims()
    {
        var host = SigningHost.OnAzurite(azurite, _clock, SigningHost.NewKek());
        var key = await host.Keys.InitializeAsync(rotate: false, CancellationToken.None);
        var claims = SigningHost.Claims(7);
        var signature = await host.Keys.SignArtifactAsync(claims, CancellationToken.None);

        var verified = await JoseTool.VerifyAsync(await host.Keys.GetJwksAsync(CancellationToken.None), signature.Jws);

        Assert.True(verified.Ok, verified.Code);
        Assert.Equal(Encoding.UTF8.GetString(claims.ToPayload()), verified.Payload);
        Assert.Equal(("ES256", key.KeyId, "mcp-artifact+jws"), (verified.Header!["alg"]!.GetValue<string>(), verified.Header["kid"]!.GetValue<string>(), verified.Header["typ"]!.GetValue<string>()));
    }

    [Fact]
    public async Task AfterRotation_JoseVerifiesSignaturesOfTheRetiredAndTheCurrentKey()
    {
        var host = SigningHost.OnAzurite(azurite, _clock);
        await host.Keys.InitializeAsync(rotate: false, CancellationToken.None);
        var old = await host.Keys.SignArtifactAsync(SigningHost.Claims(1), CancellationToken.None);
        await host.Keys.InitializeAsync(rotate: true, CancellationToken.None);
        var current = await host.Keys.SignArtifactAsync(SigningHost.Claims(2), CancellationToken.None);
        var jwks = await host.Keys.GetJwksAsync(CancellationToken.None);

        var oldVerified = await JoseTool.VerifyAsync(jwks, old.Jws);
        var currentVerified = await JoseTool.VerifyAsync(jwks, current.Jws);

        Assert.True(oldVerified.Ok, oldVerified.Code);
        Assert.True(currentVerified.Ok, currentVerified.Code);
        Assert.Equal(old.KeyId, oldVerified.Header!["kid"]!.GetValue<string>());
        Assert.NotEqual(old.KeyId, current.KeyId);
    }

    [Fact]
    public async Task ServiceSigns_TamperedPayloadSignatureOrKid_JoseRefuses()
    {
        var host = SigningHost.OnAzurite(azurite, _clock);
        await host.Keys.InitializeAsync(rotate: false, CancellationToken.None);
        var signature = await host.Keys.SignArtifactAsync(SigningHost.Claims(1), CancellationToken.None);
        var other = await host.Keys.InitializeAsync(rotate: true, CancellationToken.None);
        var jwks = await host.Keys.GetJwksAsync(CancellationToken.None);
        var parts = signature.Jws.Split('.');
        var signatureBytes = Base64Url.DecodeFromChars(parts[2]);
        signatureBytes[10] ^= 0x40;

        var payload = await JoseTool.VerifyAsync(jwks, string.Join('.', parts[0], Base64Url.EncodeToString(SigningHost.Claims(2).ToPayload()), parts[2]));
        var flipped = await JoseTool.VerifyAsync(jwks, string.Join('.', parts[0], parts[1], Base64Url.EncodeToString(signatureBytes)));
        var swappedKid = await JoseTool.VerifyAsync(jwks, string.Join('.', Header(other.KeyId), parts[1], parts[2]));
        var unknownKid = await JoseTool.VerifyAsync(jwks, string.Join('.', Header("no-such-key"), parts[1], parts[2]));

        Assert.Equal("ERR_JWS_SIGNATURE_VERIFICATION_FAILED", payload.Code);
        Assert.Equal("ERR_JWS_SIGNATURE_VERIFICATION_FAILED", flipped.Code);
        Assert.Equal("ERR_JWS_SIGNATURE_VERIFICATION_FAILED", swappedKid.Code);
        Assert.Equal("ERR_JWKS_NO_MATCHING_KEY", unknownKid.Code);
        Assert.All(new[] { payload, flipped, swappedKid, unknownKid }, result => Assert.False(result.Ok));
    }

    [Fact]
    public async Task JoseSigns_TheServicesVerifierAccepts_AndRefusesTampering()
    {
        var claims = SigningHost.Claims(4);
        var (jwks, jws) = await JoseTool.SignAsync(Encoding.UTF8.GetString(claims.ToPayload()));

        var result = JwsCompact.Verify(jws, jwks);

        Assert.True(result.IsValid, result.Error);
        Assert.Equal(claims.ToPayload(), result.Payload.ToArray());
        Assert.Equal(jwks.Keys[0].KeyId, result.KeyId);
        var parts = jws.Split('.');
        Assert.False(JwsCompact.Verify(string.Join('.', parts[0], Base64Url.EncodeToString(SigningHost.Claims(5).ToPayload()), parts[2]), jwks).IsValid);
        Assert.False(JwsCompact.Verify(string.Join('.', parts[0], parts[1], parts[2][..^2] + (parts[2][^2] == 'A' ? "BA" : "AA")), jwks).IsValid);
        Assert.False(JwsCompact.Verify(string.Join('.', Header("another"), parts[1], parts[2]), jwks with { Keys = [jwks.Keys[0] with { KeyId = "another" }] }).IsValid);
    }

    [Fact]
    public async Task KeyIds_AreTheRfc7638ThumbprintsJoseComputes()
    {
        var host = SigningHost.OnAzurite(azurite, _clock);
        var keys = new List<SigningKeyInfo> { await host.Keys.InitializeAsync(rotate: false, CancellationToken.None) };
        for (var i = 0; i < 3; i++)
        {
            keys.Add(await host.Keys.InitializeAsync(rotate: true, CancellationToken.None));
        }

        foreach (var key in keys)
        {
            Assert.Equal(key.KeyId, await JoseTool.ThumbprintAsync(key.PublicJwk));
        }

        var (joseJwks, _) = await JoseTool.SignAsync("{}");
        var joseKey = joseJwks.Keys[0];
        Assert.Equal(joseKey.KeyId, JsonWebKey.Thumbprint(Base64Url.DecodeFromChars(joseKey.X), Base64Url.DecodeFromChars(joseKey.Y)));
    }

    private static string Header(string kid) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes($$"""{"alg":"ES256","kid":"{{kid}}","typ":"mcp-artifact+jws"}"""));
}
