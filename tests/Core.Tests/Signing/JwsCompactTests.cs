using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using McpOrchestrator.Core.Signing;

namespace McpOrchestrator.Core.Tests.Signing;

/// <summary>ES256 compact JWS in C# alone: the shape of what is signed, and every way verification must refuse.</summary>
public sealed class JwsCompactTests
{
    private static readonly JsonSerializerOptions ShoutingOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseUpper };

    private static readonly byte[] Payload = Encoding.UTF8.GetBytes("""{"artifactId":"sha256:00","version":1}""");

    [Fact]
    public void Sign_ProducesThreeBase64UrlParts_JcsHeader_And64ByteSignature()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (jwks, kid) = KeySet(key);

        var jws = JwsCompact.Sign(Payload, key, kid, "mcp-artifact+jws");

        var parts = jws.Split('.');
        Assert.Equal(3, parts.Length);
        Assert.All(parts, part => Assert.Matches("^[A-Za-z0-9_-]+$", part));
        Assert.Equal($$"""{"alg":"ES256","kid":"{{kid}}","typ":"mcp-artifact+jws"}""", Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[0])));
        Assert.Equal(Payload, Base64Url.DecodeFromChars(parts[1]));
        var signature = Base64Url.DecodeFromChars(parts[2]);
        Assert.Equal(64, signature.Length);
        Assert.True(key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));

        var result = JwsCompact.Verify(jws, jwks);
        Assert.True(result.IsValid, result.Error);
        Assert.Equal(kid, result.KeyId);
        Assert.Equal(Payload, result.Payload.ToArray());
        Assert.Null(result.Error);
    }

    [Fact]
    public void Sign_WithoutType_LeavesTypOut()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var jws = JwsCompact.Sign(Payload, key, "k1");

        Assert.Equal("""{"alg":"ES256","kid":"k1"}""", Encoding.UTF8.GetString(Base64Url.DecodeFromChars(jws.Split('.')[0])));
    }

    [Fact]
    public void Sign_WithAKeyOfAnotherCurve_IsRefused()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);

        Assert.Throws<ArgumentException>(() => JwsCompact.Sign(Payload, key, "k1"));
    }

    [Fact]
    public void Verify_SelectsTheKeyByKid_AmongSeveral()
    {
        using var first = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var second = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (set1, kid1) = KeySet(first);
        var (set2, kid2) = KeySet(second);
        var both = new JsonWebKeySet { Keys = [.. set2.Keys, .. set1.Keys] };

        Assert.Equal(kid1, JwsCompact.Verify(JwsCompact.Sign(Payload, first, kid1), both).KeyId);
        Assert.True(JwsCompact.Verify(JwsCompact.Sign(Payload, first, kid1), both).IsValid);
        Assert.True(JwsCompact.Verify(JwsCompact.Sign(Payload, second, kid2), both).IsValid);
        Assert.False(JwsCompact.Verify(JwsCompact.Sign(Payload, second, kid1), both).IsValid);
    }

    [Fact]
    public void Verify_TamperedPayload_Fails()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (jwks, kid) = KeySet(key);
        var parts = JwsCompact.Sign(Payload, key, kid).Split('.');

        var tampered = string.Join('.', parts[0], Base64Url.EncodeToString(Encoding.UTF8.GetBytes("""{"artifactId":"sha256:00","version":2}""")), parts[2]);

        var result = JwsCompact.Verify(tampered, jwks);
        Assert.False(result.IsValid);
        Assert.Contains("does not match", result.Error, StringComparison.Ordinal);
        Assert.True(result.Payload.IsEmpty);
    }

    [Fact]
    public void Verify_TamperedSignature_Fails_EveryBit()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (jwks, kid) = KeySet(key);
        var parts = JwsCompact.Sign(Payload, key, kid).Split('.');
        var signature = Base64Url.DecodeFromChars(parts[2]);

        for (var bit = 0; bit < signature.Length * 8; bit += 7)
        {
            var flipped = signature.ToArray();
            flipped[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(JwsCompact.Verify(string.Join('.', parts[0], parts[1], Base64Url.EncodeToString(flipped)), jwks).IsValid);
        }
    }

    [Fact]
    public void Verify_KidSwappedToAnotherKnownKey_Fails()
    {
        using var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (signerSet, signerKid) = KeySet(signer);
        var (otherSet, otherKid) = KeySet(other);
        var both = new JsonWebKeySet { Keys = [.. signerSet.Keys, .. otherSet.Keys] };
        var parts = JwsCompact.Sign(Payload, signer, signerKid).Split('.');

        var header = Base64Url.EncodeToString(Encoding.UTF8.GetBytes($$"""{"alg":"ES256","kid":"{{otherKid}}"}"""));
        var result = JwsCompact.Verify(string.Join('.', header, parts[1], parts[2]), both);

        Assert.False(result.IsValid);
        Assert.Equal(otherKid, result.KeyId);
    }

    [Fact]
    public void Verify_UnknownKid_Fails_NamingIt()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (jwks, _) = KeySet(key);

        var result = JwsCompact.Verify(JwsCompact.Sign(Payload, key, "not-in-the-set"), jwks);

        Assert.False(result.IsValid);
        Assert.Contains("'not-in-the-set'", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"alg":"none","kid":"K"}""", "only ES256")]
    [InlineData("""{"alg":"HS256","kid":"K"}""", "only ES256")]
    [InlineData("""{"alg":"ES384","kid":"K"}""", "only ES256")]
    [InlineData("""{"alg":"es256","kid":"K"}""", "only ES256")]
    [InlineData("""{"kid":"K"}""", "missing")]
    [InlineData("""{"alg":"ES256"}""", "no key")]
    [InlineData("""{"alg":"ES256","kid":""}""", "no key")]
    [InlineData("""{"alg":"ES256","kid":"K","crit":["b64"],"b64":false}""", "crit")]
    [InlineData("""["alg","ES256"]""", "not a JSON object")]
    [InlineData("""{"alg":"ES256",""", "not JSON")]
    public void Verify_UnacceptableHeader_Fails(string header, string reason)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (jwks, kid) = KeySet(key);
        header = header.Replace("\"K\"", "\"" + kid + "\"", StringComparison.Ordinal);
        var encodedHeader = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(header));
        var encodedPayload = Base64Url.EncodeToString(Payload);
        var signature = key.SignData(Encoding.ASCII.GetBytes(encodedHeader + "." + encodedPayload), HashAlgorithmName.SHA256);

        var result = JwsCompact.Verify(string.Join('.', encodedHeader, encodedPayload, Base64Url.EncodeToString(signature)), jwks);

        Assert.False(result.IsValid);
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_DerEncodedSignature_Fails()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (jwks, kid) = KeySet(key);
        var parts = JwsCompact.Sign(Payload, key, kid).Split('.');
        var der = key.SignData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

        var result = JwsCompact.Verify(string.Join('.', parts[0], parts[1], Base64Url.EncodeToString(der)), jwks);

        Assert.False(result.IsValid);
        Assert.Contains("64", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("onlyone")]
    [InlineData("two.parts")]
    [InlineData("f.o.u.r")]
    [InlineData("..")]
    public void Verify_NotCompactSerialisation_Fails(string jws)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        Assert.False(JwsCompact.Verify(jws, KeySet(key).Jwks).IsValid);
    }

    [Theory]
    [InlineData("=")]
    [InlineData("+")]
    [InlineData(" ")]
    [InlineData("\n")]
    public void Verify_NonBase64UrlCharacters_Fail(string intruder)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (jwks, kid) = KeySet(key);
        var parts = JwsCompact.Sign(Payload, key, kid).Split('.');

        Assert.False(JwsCompact.Verify(string.Join('.', parts[0], parts[1], parts[2] + intruder), jwks).IsValid);
        Assert.False(JwsCompact.Verify(string.Join('.', parts[0], parts[1] + intruder, parts[2]), jwks).IsValid);
    }

    [Fact]
    public void Verify_KeyOfAnotherCurveUnderTheKid_Fails()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (jwks, kid) = KeySet(key);
        var jws = JwsCompact.Sign(Payload, key, kid);
        var wrongCurve = jwks with { Keys = [jwks.Keys[0] with { Curve = "P-384" }] };
        var offCurve = jwks with { Keys = [jwks.Keys[0] with { Y = jwks.Keys[0].X }] };
        var shortX = jwks with { Keys = [jwks.Keys[0] with { X = jwks.Keys[0].X[..40] }] };

        Assert.Contains("not a P-256", JwsCompact.Verify(jws, wrongCurve).Error, StringComparison.Ordinal);
        Assert.False(JwsCompact.Verify(jws, offCurve).IsValid);
        Assert.False(JwsCompact.Verify(jws, shortX).IsValid);
    }

    [Fact]
    public void JsonWebKey_SerialisesWithJwkMemberNames_WhateverTheNamingPolicy()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (jwks, kid) = KeySet(key);

        var json = JsonSerializer.Serialize(jwks, ShoutingOptions);

        using var document = JsonDocument.Parse(json);
        var jwk = Assert.Single(document.RootElement.GetProperty("keys").EnumerateArray());
        Assert.Equal(["kty", "crv", "x", "y", "kid", "alg", "use"], jwk.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("EC", "P-256", kid, "ES256", "sig"), (jwk.GetProperty("kty").GetString(), jwk.GetProperty("crv").GetString(), jwk.GetProperty("kid").GetString(), jwk.GetProperty("alg").GetString(), jwk.GetProperty("use").GetString()));
        Assert.Equal(jwks.Keys[0], JsonSerializer.Deserialize<JsonWebKeySet>(json)!.Keys[0]);
    }

    private static (JsonWebKeySet Jwks, string Kid) KeySet(ECDsa key)
    {
        var parameters = key.ExportParameters(includePrivateParameters: false);
        var jwk = JsonWebKey.FromPublicKey(parameters.Q.X, parameters.Q.Y);
        return (new JsonWebKeySet { Keys = [jwk] }, jwk.KeyId);
    }
}
