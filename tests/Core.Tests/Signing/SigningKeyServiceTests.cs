using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using McpOrchestrator.Core.Problems;
using McpOrchestrator.Core.Signing;
using McpOrchestrator.TestSupport;
using Microsoft.Extensions.Logging;

namespace McpOrchestrator.Core.Tests.Signing;

/// <summary>Signing keys on a real Azurite: creation, rotation, concurrency, encryption at rest, and what /health is
/// told. Each test has a table of its own.</summary>
public sealed class SigningKeyServiceTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private readonly ManualTimeProvider _clock = new(SigningHost.Start);

    [Fact]
    public async Task Initialize_CreatesOneCurrentES256Key_WhoseIdIsItsThumbprint()
    {
        var host = SigningHost.OnAzurite(azurite, _clock);

        var key = await host.Keys.InitializeAsync(rotate: false, CancellationToken.None);

        Assert.Equal(("ES256", SigningKeyStates.Current, SigningHost.Start, (DateTimeOffset?)null), (key.Algorithm, key.Status, key.CreatedAt, key.RetiredAt));
        Assert.Matches("^[A-Za-z0-9_-]{43}$", key.KeyId);
        var jwk = key.PublicJwk;
        Assert.Equal(("EC", "P-256", "ES256", "sig", key.KeyId), (jwk.KeyType, jwk.Curve, jwk.Algorithm, jwk.Use, jwk.KeyId));
        Assert.Equal(key.KeyId, JsonWebKey.Thumbprint(Convert.FromBase64String(ToBase64(jwk.X)), Convert.FromBase64String(ToBase64(jwk.Y))));
        var jwks = await host.Keys.GetJwksAsync(CancellationToken.None);
        Assert.Equal([jwk], jwks.Keys);
        Assert.Equal([key], await host.Keys.ListAsync(CancellationToken.None));
        var rows = await host.RowsAsync();
        Assert.Equal(["current", "key:" + key.KeyId], rows.Select(r => r.RowKey).Order(StringComparer.Ordinal));
        Assert.All(rows, row => Assert.Equal("signing", row.PartitionKey));
    }

    [Fact]
    public async Task Initialize_WhenAKeyExists_WithoutRotate_Is409KeysAlreadyInitialized_AndChangesNothing()
    {
        var host = SigningHost.OnAzurite(azurite, _clock);
        var first = await host.Keys.InitializeAsync(rotate: false, CancellationToken.None);
        var before = await host.RowsAsync();

        var error = await Assert.ThrowsAsync<ProblemException>(() => host.Keys.InitializeAsync(rotate: false, CancellationToken.None));

        Assert.Equal((409, "keys_already_initialized"), (error.Problem.Status, error.Problem.Code));
        Assert.Contains(first.KeyId, error.Problem.Detail, StringComparison.Ordinal);
        Assert.Contains("rotate", error.Problem.Detail, StringComparison.Ordinal);
        Assert.Equal(before.Select(r => (r.RowKey, r.ETag)), (await host.RowsAsync()).Select(r => (r.RowKey, r.ETag)));
    }

    [Fact]
    public async Task Rotate_WithoutAnyKey_CreatesTheFirst()
    {
        var host = SigningHost.OnAzurite(azurite, _clock);

        var key = await host.Keys.InitializeAsync(rotate: true, CancellationToken.None);

        Assert.Equal(SigningKeyStates.Current, key.Status);
        Assert.Single((await host.Keys.GetJwksAsync(CancellationToken.None)).Keys);
    }

    [Fact]
    public async Task Rotate_MakesANewCurrentKey_KeepsTheOldOnesRetired_JwksCurrentFirst()
    {
        var host = SigningHost.OnAzurite(azurite, _clock);
        var k1 = await host.Keys.InitializeAsync(rotate: false, CancellationToken.None);
        _clock.Advance(TimeSpan.FromHours(1));
        var k2 = await host.Keys.InitializeAsync(rotate: true, CancellationToken.None);
        _clock.Advance(TimeSpan.FromHours(1));

        var k3 = await host.Keys.InitializeAsync(rotate: true, CancellationToken.None);

        Assert.Equal(3, new[] { k1.KeyId, k2.KeyId, k3.KeyId }.Distinct().Count());
        var jwks = await host.Keys.GetJwksAsync(CancellationToken.None);
        Assert.Equal([k3.KeyId, k2.KeyId, k1.KeyId], jwks.Keys.Select(k => k.KeyId));
        var listed = await host.Keys.ListAsync(CancellationToken.None);
        Assert.Equal(
            [(k3.KeyId, "current", (DateTimeOffset?)null), (k2.KeyId, "retired", SigningHost.Start.AddHours(2)), (k1.KeyId, "retired", SigningHost.Start.AddHours(1))],
            listed.Select(k => (k.KeyId, k.Status, k.RetiredAt)));
        Assert.Equal(k3.KeyId, (await host.Keys.GetStatusAsync(CancellationToken.None)).KeyId);
    }

    [Fact]
    public async Task Rotate_SignaturesOfRetiredKeysStillVerify_NewOnesUseTheNewKey()
    {
        var host = SigningHost.OnAzurite(azurite, _clock);
        var k1 = await host.Keys.InitializeAsync(rotate: false, CancellationToken.None);
        var before = await host.Keys.SignArtifactAsync(SigningHost.Claims(1), CancellationToken.None);

        var k2 = await host.Keys.InitializeAsync(rotate: true, CancellationToken.None);
        var after = await host.Keys.SignArtifactAsync(SigningHost.Claims(2), CancellationToken.None);

        Assert.Equal((k1.KeyId, k2.KeyId), (before.KeyId, after.KeyId));
        var oldResult = await host.Keys.VerifyArtifactAsync(SigningHost.Claims(1), before.Jws, CancellationToken.None);
        var newResult = await host.Keys.VerifyArtifactAsync(SigningHost.Claims(2), after.Jws, CancellationToken.None);
        Assert.True(oldResult.IsValid, oldResult.Error);
        Assert.True(newResult.IsValid, newResult.Error);
        Assert.Equal((k1.KeyId, k2.KeyId), (oldResult.KeyId, newResult.KeyId));
    }

    [Fact]
    public async Task Initialize_ConcurrentlyOnTenInstances_CreatesExactlyOneCurrentKey()
    {
        var first = SigningHost.OnAzurite(azurite, _clock);
        var hosts = Enumerable.Range(0, 10).Select(i => i == 0 ? first : first.Sibling(kek: null)).ToList();
        await first.Table.CreateIfNotExistsAsync();
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var attempts = hosts.Select(host => Task.Run(async () =>
        {
            await go.Task;
            try
            {
                return (Key: await host.Keys.InitializeAsync(rotate: false, CancellationToken.None), Error: (ProblemException?)null);
            }
            catch (ProblemException e)
            {
                return (Key: (SigningKeyInfo?)null, Error: e);
            }
        })).ToList();
        go.SetResult();
        var results = await Task.WhenAll(attempts);

        var winner = Assert.Single(results, r => r.Key is not null).Key!;
        Assert.All(results.Where(r => r.Key is null), r => Assert.Equal("keys_already_initialized", r.Error!.Problem.Code));
        var rows = await first.RowsAsync();
        Assert.Equal(["current", "key:" + winner.KeyId], rows.Select(r => r.RowKey).Order(StringComparer.Ordinal));
        Assert.Equal(winner.KeyId, rows.Single(r => r.RowKey == "current").GetString("KeyId"));
    }

    [Fact]
    public async Task Rotate_ConcurrentlyOnEightInstances_EachRotates_AndOneKeyEndsCurrent()
    {
        using var logs = new CapturedLogs();
        using var loggers = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
        var first = SigningHost.OnAzurite(azurite, _clock);
        var original = await first.Keys.InitializeAsync(rotate: false, CancellationToken.None);
        var hosts = Enumerable.Range(0, 8).Select(_ => first.Sibling(kek: null, loggers)).ToList();
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var rotations = hosts.Select(host => Task.Run(async () =>
        {
            await go.Task;
            return await host.Keys.InitializeAsync(rotate: true, CancellationToken.None);
        })).ToList();
        go.SetResult();
        var rotated = await Task.WhenAll(rotations);

        var listed = await first.Keys.ListAsync(CancellationToken.None);
        Assert.Equal(9, listed.Count);
        var current = Assert.Single(listed, k => k.Status == SigningKeyStates.Current);
        Assert.Equal(current, listed[0]);
        Assert.Contains(current.KeyId, rotated.Select(k => k.KeyId));
        Assert.Equal(
            rotated.Select(k => k.KeyId).Append(original.KeyId).Order(StringComparer.Ordinal),
            listed.Select(k => k.KeyId).Order(StringComparer.Ordinal));
        Assert.All(listed.Skip(1), k => Assert.NotNull(k.RetiredAt));
        Assert.Contains(logs.Lines, line => line.Message.Contains("changed the signing keys at the same time", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SignArtifact_WithoutKeys_Is409KeysNotInitialized_WhetherOrNotTheTableExists()
    {
        var host = SigningHost.OnAzurite(azurite, _clock);

        var noTable = await Assert.ThrowsAsync<ProblemException>(() => host.Keys.SignArtifactAsync(SigningHost.Claims(), CancellationToken.None));
        await host.Table.CreateIfNotExistsAsync();
        var emptyTable = await Assert.ThrowsAsync<ProblemException>(() => host.Keys.SignArtifactAsync(SigningHost.Claims(), CancellationToken.None));

        foreach (var error in new[] { noTable, emptyTable })
        {
            Assert.Equal((409, "keys_not_initialized"), (error.Problem.Status, error.Problem.Code));
            Assert.Contains("POST /v1/keys/initialize", error.Problem.Detail, StringComparison.Ordinal);
        }

        Assert.Empty((await host.Keys.GetJwksAsync(CancellationToken.None)).Keys);
        Assert.False((await host.Keys.GetStatusAsync(CancellationToken.None)).Present);
    }

    [Fact]
    public async Task SignArtifact_SignsTheJcsClaims_AsACompactEs256Jws()
    {
        var host = SigningHost.OnAzurite(azurite, _clock);
        var key = await host.Keys.InitializeAsync(rotate: false, CancellationToken.None);
        var claims = SigningHost.Claims(3);

        var signature = await host.Keys.SignArtifactAsync(claims, CancellationToken.None);

        var parts = signature.Jws.Split('.');
        Assert.Equal(key.KeyId, signature.KeyId);
        Assert.Equal($$"""{"alg":"ES256","kid":"{{key.KeyId}}","typ":"mcp-artifact+jws"}""", Decode(parts[0]));
        Assert.Equal(
            """{"artifactId":"sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","clientId":"claude-desktop","createdAt":"2026-11-20T12:00:00.123Z","profileId":"default","version":3}""",
            Decode(parts[1]));
        Assert.Equal(64, System.Buffers.Text.Base64Url.DecodeFromChars(parts[2]).Length);
        Assert.True((await host.Keys.VerifyArtifactAsync(claims, signature.Jws, CancellationToken.None)).IsValid);
    }

    [Fact]
    public async Task VerifyArtifact_ValidSignatureOfOtherClaims_IsInvalid()
    {
        var host = SigningHost.OnAzurite(azurite, _clock);
        await host.Keys.InitializeAsync(rotate: false, CancellationToken.None);
        var signature = await host.Keys.SignArtifactAsync(SigningHost.Claims(1), CancellationToken.None);

        foreach (var other in new[]
                 {
                     SigningHost.Claims(2),
                     SigningHost.Claims(1, profileId: "dev"),
                     SigningHost.Claims(1) with { CreatedAt = SigningHost.Start.AddMilliseconds(124) },
                     SigningHost.Claims(1) with { ArtifactId = "sha256:" + new string('b', 64) },
                 })
        {
            var result = await host.Keys.VerifyArtifactAsync(other, signature.Jws, CancellationToken.None);
            Assert.False(result.IsValid);
            Assert.Contains("different artifact", result.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task WithKek_ThePrivateKeyIsStoredSealedWithAesGcm_AndOpensOnlyUnderThatKek()
    {
        var kek = SigningHost.NewKek();
        var host = SigningHost.OnAzurite(azurite, _clock, kek);

        var key = await host.Keys.InitializeAsync(rotate: false, CancellationToken.None);

        var row = await host.KeyRowAsync(key.KeyId);
        Assert.Equal("aes-256-gcm", row.GetString("Protection"));
        var stored = row.GetBinary("PrivateKey")!;
        Assert.Equal(12 + 32 + 16, stored.Length);
        var d = new byte[32];
        using (var aes = new AesGcm(Convert.FromBase64String(kek), 16))
        {
            aes.Decrypt(stored.AsSpan(0, 12), stored.AsSpan(12, 32), stored.AsSpan(44), d, Encoding.UTF8.GetBytes("mcp-orchestrator/signing-key/" + key.KeyId));
        }

        Assert.False(stored.AsSpan(12, 32).SequenceEqual(d));
        using var ecdsa = ECDsa.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            D = d,
            Q = new ECPoint { X = Convert.FromBase64String(ToBase64(key.PublicJwk.X)), Y = Convert.FromBase64String(ToBase64(key.PublicJwk.Y)) },
        });
        var jws = JwsCompact.Sign("x"u8, ecdsa, key.KeyId);
        Assert.True(JwsCompact.Verify(jws, await host.Keys.GetJwksAsync(CancellationToken.None)).IsValid);
        var status = await host.Keys.GetStatusAsync(CancellationToken.None);
        Assert.Equal(new SigningKeyStatus { Present = true, Encrypted = true, EncryptionConfigured = true, Usable = true, KeyId = key.KeyId }, status);
    }

    [Fact]
    public async Task WithoutKek_ThePrivateKeyIsStoredUnencrypted_AndTheStatusSaysSo()
    {
        var host = SigningHost.OnAzurite(azurite, _clock);

        var key = await host.Keys.InitializeAsync(rotate: false, CancellationToken.None);

        var row = await host.KeyRowAsync(key.KeyId);
        Assert.Equal(("none", 32), (row.GetString("Protection"), row.GetBinary("PrivateKey")!.Length));
        var status = await host.Keys.GetStatusAsync(CancellationToken.None);
        Assert.Equal((true, false, false, true), (status.Present, status.Encrypted, status.EncryptionConfigured, status.Usable));
        Assert.Contains("McpOrchestrator__KeyEncryptionKey", status.Detail, StringComparison.Ordinal);
        Assert.Contains("openssl rand -base64 32", status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EncryptedKey_WithoutTheKek_Is503SigningKeyUnavailable_ButTheJwksIsStillServed()
    {
        var sealedHost = SigningHost.OnAzurite(azurite, _clock, SigningHost.NewKek());
        var key = await sealedHost.Keys.InitializeAsync(rotate: false, CancellationToken.None);
        var host = sealedHost.Sibling(kek: null);

        var error = await Assert.ThrowsAsync<ProblemException>(() => host.Keys.SignArtifactAsync(SigningHost.Claims(), CancellationToken.None));

        Assert.Equal((503, "signing_key_unavailable"), (error.Problem.Status, error.Problem.Code));
        Assert.Contains("McpOrchestrator__KeyEncryptionKey is not set", error.Problem.Detail, StringComparison.Ordinal);
        Assert.True(error.Problem.Headers.ContainsKey("Retry-After"));
        var status = await host.Keys.GetStatusAsync(CancellationToken.None);
        Assert.Equal((true, true, false, false), (status.Present, status.Encrypted, status.EncryptionConfigured, status.Usable));
        Assert.Equal(error.Problem.Detail, status.Detail);
        Assert.Equal(key.KeyId, Assert.Single((await host.Keys.GetJwksAsync(CancellationToken.None)).Keys).KeyId);
    }

    [Fact]
    public async Task EncryptedKey_UnderAnotherKek_OrDamaged_Is503_NamingTheCause_AndRotationRecovers()
    {
        var kek = SigningHost.NewKek();
        var owner = SigningHost.OnAzurite(azurite, _clock, kek);
        var original = await owner.Keys.InitializeAsync(rotate: false, CancellationToken.None);
        var other = owner.Sibling(SigningHost.NewKek());

        var wrongKek = await Assert.ThrowsAsync<ProblemException>(() => other.Keys.SignArtifactAsync(SigningHost.Claims(), CancellationToken.None));
        var row = await owner.KeyRowAsync(original.KeyId);
        var damaged = row.GetBinary("PrivateKey")!;
        damaged[20] ^= 1;
        await owner.Table.UpdateEntityAsync(new TableEntity(row.PartitionKey, row.RowKey) { ["PrivateKey"] = damaged }, row.ETag);
        var tampered = await Assert.ThrowsAsync<ProblemException>(() => owner.Keys.SignArtifactAsync(SigningHost.Claims(), CancellationToken.None));

        Assert.Equal("signing_key_unavailable", wrongKek.Problem.Code);
        Assert.Contains("different key-encryption key", wrongKek.Problem.Detail, StringComparison.Ordinal);
        Assert.Equal("signing_key_unavailable", tampered.Problem.Code);
        Assert.Contains("does not decrypt", tampered.Problem.Detail, StringComparison.Ordinal);
        Assert.False((await owner.Keys.GetStatusAsync(CancellationToken.None)).Usable);

        var replacement = await other.Keys.InitializeAsync(rotate: true, CancellationToken.None);
        var signature = await other.Keys.SignArtifactAsync(SigningHost.Claims(), CancellationToken.None);
        Assert.Equal(replacement.KeyId, signature.KeyId);
        Assert.Equal([replacement.KeyId, original.KeyId], (await owner.Keys.GetJwksAsync(CancellationToken.None)).Keys.Select(k => k.KeyId));
    }

    [Fact]
    public async Task UnencryptedKey_AfterAKekIsSet_StillSigns_TheStatusAsksForARotation_WhichEncrypts()
    {
        var plain = SigningHost.OnAzurite(azurite, _clock);
        await plain.Keys.InitializeAsync(rotate: false, CancellationToken.None);
        var host = plain.Sibling(SigningHost.NewKek());

        await host.Keys.SignArtifactAsync(SigningHost.Claims(), CancellationToken.None);
        var before = await host.Keys.GetStatusAsync(CancellationToken.None);
        var rotated = await host.Keys.InitializeAsync(rotate: true, CancellationToken.None);
        var after = await host.Keys.GetStatusAsync(CancellationToken.None);

        Assert.Equal((true, false, true, true), (before.Present, before.Encrypted, before.EncryptionConfigured, before.Usable));
        Assert.Contains("rotate", before.Detail, StringComparison.Ordinal);
        Assert.Equal(new SigningKeyStatus { Present = true, Encrypted = true, EncryptionConfigured = true, Usable = true, KeyId = rotated.KeyId }, after);
    }

    private static string Decode(string part) => Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(part));

    private static string ToBase64(string base64Url)
    {
        var text = base64Url.Replace('-', '+').Replace('_', '/');
        return text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
    }
}
