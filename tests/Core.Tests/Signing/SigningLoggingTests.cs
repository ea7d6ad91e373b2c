using System.Security.Cryptography;
using McpOrchestrator.Core.Problems;
using McpOrchestrator.TestSupport;
using Microsoft.Extensions.Logging;

namespace McpOrchestrator.Core.Tests.Signing;

/// <summary>Key lifecycles with every log line captured (storage client included): the events are there, the key
/// material is not, in any encoding.</summary>
public sealed class SigningLoggingTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task EncryptedLifecycle_LogsKeyIdsOnly_NeverTheKekOrTheSealedKey()
    {
        using var logs = new CapturedLogs();
        using var loggers = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        var clock = new ManualTimeProvider(SigningHost.Start);
        var kek = SigningHost.NewKek();
        var host = SigningHost.OnAzurite(azurite, clock, kek, loggers);

        var k1 = await host.Keys.InitializeAsync(rotate: false, CancellationToken.None);
        await host.Keys.SignArtifactAsync(SigningHost.Claims(), CancellationToken.None);
        await Assert.ThrowsAsync<ProblemException>(() => host.Keys.InitializeAsync(rotate: false, CancellationToken.None));
        var k2 = await host.Keys.InitializeAsync(rotate: true, CancellationToken.None);
        await Assert.ThrowsAsync<ProblemException>(() => host.Sibling(SigningHost.NewKek(), loggers).Keys.SignArtifactAsync(SigningHost.Claims(), CancellationToken.None));
        await host.Keys.GetStatusAsync(CancellationToken.None);

        var text = logs.AllText;
        Assert.Contains($"Signing key {k1.KeyId} created (ES256, private key encrypted with AES-256-GCM)", text, StringComparison.Ordinal);
        Assert.Contains($"Signing key rotated: {k2.KeyId} is current, {k1.KeyId} is retired", text, StringComparison.Ordinal);
        Assert.Contains($"Cannot sign with key {k2.KeyId}: ", text, StringComparison.Ordinal);
        var secrets = new List<byte[]> { Convert.FromBase64String(kek) };
        foreach (var keyId in new[] { k1.KeyId, k2.KeyId })
        {
            secrets.Add((await host.KeyRowAsync(keyId)).GetBinary("PrivateKey")!);
        }

        AssertAbsent(text, secrets);
    }

    [Fact]
    public async Task UnencryptedLifecycle_NeverLogsThePrivateKey()
    {
        using var logs = new CapturedLogs();
        using var loggers = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        var host = SigningHost.OnAzurite(azurite, new ManualTimeProvider(SigningHost.Start), kek: null, loggers);

        var key = await host.Keys.InitializeAsync(rotate: false, CancellationToken.None);
        await host.Keys.SignArtifactAsync(SigningHost.Claims(), CancellationToken.None);
        await host.Keys.GetStatusAsync(CancellationToken.None);
        await host.Keys.GetJwksAsync(CancellationToken.None);

        Assert.Contains($"Signing key {key.KeyId} created (ES256, private key stored unencrypted)", logs.AllText, StringComparison.Ordinal);
        AssertAbsent(logs.AllText, [(await host.KeyRowAsync(key.KeyId)).GetBinary("PrivateKey")!]);
    }

    /// <summary>No secret appears as base64, base64url or hex, nor any 12-byte window of it.</summary>
    private static void AssertAbsent(string text, IEnumerable<byte[]> secrets)
    {
        foreach (var secret in secrets)
        {
            Assert.True(secret.Length >= 32);
            foreach (var slice in new[] { secret, secret[..12], secret[^12..], secret[6..18] })
            {
                Assert.DoesNotContain(Convert.ToBase64String(slice).TrimEnd('='), text, StringComparison.Ordinal);
                Assert.DoesNotContain(System.Buffers.Text.Base64Url.EncodeToString(slice), text, StringComparison.Ordinal);
                Assert.DoesNotContain(Convert.ToHexString(slice), text, StringComparison.OrdinalIgnoreCase);
            }
        }

        Assert.DoesNotContain(Convert.ToHexString(SHA256.HashData(secrets.First())), text, StringComparison.OrdinalIgnoreCase);
    }
}
