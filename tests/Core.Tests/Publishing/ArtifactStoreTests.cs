using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using McpOrchestrator.Core.Canonical;
using McpOrchestrator.Core.Problems;
using McpOrchestrator.Core.Publishing.Artifacts;
using McpOrchestrator.TestSupport;
using Microsoft.Extensions.Logging;

namespace McpOrchestrator.Core.Tests.Publishing;

/// <summary>Artifacts on a real Azurite: versions, content addressing, signatures, immutability, isolation between
/// profiles, idempotency and concurrency of publishes, and payloads beyond one table property.</summary>
public sealed class ArtifactStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private readonly ManualTimeProvider _clock = new(PublishingHost.Start);

    [Fact]
    public async Task Publish_StoresVersion1Then2_ContentAddressed_Signed_WithCreatedAtInWholeMilliseconds()
    {
        var host = await PublishingHost.StartAsync(azurite, _clock);
        var payload = PublishingHost.Json("""{ "servers": [ { "transport": "stdio", "name": "fs", "command": "npx" } ] }""");
        var summary = PublishingHost.Json("""{"errors":0,"warnings":1,"codes":["literal_secret"]}""");

        var v1 = await host.Artifacts.PublishAsync(
            new PublishRequest { ClientId = "claude-desktop", ProfileId = "default", Payload = payload, Changelog = "first", PublishedBy = "api-key", ValidationSummary = summary },
            CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(5));
        var v2 = await host.PublishAsync(PublishingHost.Servers("github"));

        const string canonical = """{"servers":[{"command":"npx","name":"fs","transport":"stdio"}]}""";
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))), v1.ArtifactId);
        Assert.Equal(canonical, v1.Payload.GetRawText());
        Assert.Equal((1, 2), (v1.Version, v2.Version));
        Assert.Equal(("claude-desktop", "default", "first", "api-key"), (v1.ClientId, v1.ProfileId, v1.Changelog, v1.PublishedBy));
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 12, 0, 0, 123, TimeSpan.Zero), v1.CreatedAt);
        Assert.Equal(v1.CreatedAt.AddMinutes(5), v2.CreatedAt);
        Assert.Equal("""{"codes":["literal_secret"],"errors":0,"warnings":1}""", v1.ValidationSummary!.Value.GetRawText());
        var key = Assert.Single(await host.Keys.ListAsync(CancellationToken.None));
        Assert.Equal(key.KeyId, v1.Kid);
        var verified = await host.Keys.VerifyArtifactAsync(v1.ToClaims(), v1.Signature, CancellationToken.None);
        Assert.True(verified.IsValid, verified.Error);
        Assert.Contains("\"createdAt\":\"2026-11-20T12:00:00.123Z\"", Encoding.UTF8.GetString(verified.Payload.Span), StringComparison.Ordinal);
        Assert.Equal(ArtifactStore.ComputeArtifactId(v2.Payload), v2.ArtifactId);
    }

    [Fact]
    public async Task Get_Latest_List_Summary_ReadBackWhatWasPublished_NewestFirst()
    {
        var host = await PublishingHost.StartAsync(azurite, _clock);
        var published = new List<Artifact>();
        for (var i = 1; i <= 3; i++)
        {
            published.Add(await host.PublishAsync(PublishingHost.Servers("s" + i), changelog: "change " + i));
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        var second = await host.Artifacts.GetAsync("claude-desktop", "default", 2, CancellationToken.None);
        var latest = await host.Artifacts.GetLatestAsync("claude-desktop", "default", CancellationToken.None);
        var list = await host.Artifacts.ListAsync("claude-desktop", "default", CancellationToken.None);
        var summary = await host.Artifacts.GetSummaryAsync("claude-desktop", "default", 1, CancellationToken.None);

        AssertSame(published[1], second!);
        AssertSame(published[2], latest!);
        Assert.Equal(3, await host.Artifacts.GetLatestVersionAsync("claude-desktop", "default", CancellationToken.None));
        Assert.Equal([3, 2, 1], list.Select(a => a.Version));
        Assert.Equal(published.Select(a => (a.ArtifactId, a.Signature, a.Kid, a.Changelog, a.CreatedAt)).Reverse(), list.Select(a => (a.ArtifactId, a.Signature, a.Kid, a.Changelog, a.CreatedAt)));
        Assert.Equal(JsonCanonicalizer.Canonicalize(published[0].Payload).Length, summary!.PayloadBytes);
        Assert.Equal(published[0].ToClaims(), summary.ToClaims());
    }

    [Fact]
    public async Task Reads_OfMissingThings_AreNullOrEmpty_EvenBeforeTheTableExists()
    {
        var host = await PublishingHost.StartAsync(azurite, _clock);

        Assert.Null(await host.Artifacts.GetAsync("claude-desktop", "default", 1, CancellationToken.None));
        Assert.Null(await host.Artifacts.GetLatestAsync("claude-desktop", "default", CancellationToken.None));
        Assert.Empty(await host.Artifacts.ListAsync("claude-desktop", "default", CancellationToken.None));
        await host.PublishAsync(PublishingHost.Servers("a"));
        Assert.Null(await host.Artifacts.GetAsync("claude-desktop", "default", 2, CancellationToken.None));
        Assert.Null(await host.Artifacts.GetAsync("claude-desktop", "default", 0, CancellationToken.None));
        Assert.Null(await host.Artifacts.GetSummaryAsync("claude-desktop", "default", 2, CancellationToken.None));
        Assert.Null(await host.Artifacts.GetLatestAsync("claude-desktop", "other", CancellationToken.None));
        Assert.Null(await host.Artifacts.GetLatestVersionAsync("cursor", "default", CancellationToken.None));
        Assert.Empty(await host.Artifacts.ListAsync("claude-desktop", "other", CancellationToken.None));
    }

    [Fact]
    public async Task SamePayload_InThreeProfiles_IsThreeIndependentArtifacts_ThatNeverTouchEachOther()
    {
        var host = await PublishingHost.StartAsync(azurite, _clock);
        var payload = PublishingHost.Servers("filesystem", "github");
        var first = await host.PublishAsync(payload, "claude-desktop", "default", changelog: "desktop");
        var firstRow = (await host.Artifacts.Table.GetEntityAsync<TableEntity>("claude-desktop:default", "v0000000001")).Value;

        _clock.Advance(TimeSpan.FromSeconds(1));
        var dev = await host.PublishAsync(payload, "claude-desktop", "dev", changelog: "dev");
        var cursor = await host.PublishAsync(payload, "cursor", "default", changelog: "cursor");

        Assert.Equal([1, 1, 1], new[] { first.Version, dev.Version, cursor.Version });
        Assert.Single(new[] { first.ArtifactId, dev.ArtifactId, cursor.ArtifactId }.Distinct());
        Assert.Equal(3, new[] { first.Signature, dev.Signature, cursor.Signature }.Distinct().Count());
        var reread = await host.Artifacts.GetAsync("claude-desktop", "default", 1, CancellationToken.None);
        Assert.Equal(("claude-desktop", "default", "desktop", first.CreatedAt, first.Signature), (reread!.ClientId, reread.ProfileId, reread.Changelog, reread.CreatedAt, reread.Signature));
        Assert.Equal(("cursor", "default", "cursor"), ((await host.Artifacts.GetAsync("cursor", "default", 1, CancellationToken.None))!.ClientId, cursor.ProfileId, cursor.Changelog));
        Assert.Equal(firstRow.ETag, (await host.Artifacts.Table.GetEntityAsync<TableEntity>("claude-desktop:default", "v0000000001")).Value.ETag);
        foreach (var artifact in new[] { first, dev, cursor })
        {
            Assert.True((await host.Keys.VerifyArtifactAsync(artifact.ToClaims(), artifact.Signature, CancellationToken.None)).IsValid);
        }

        Assert.False((await host.Keys.VerifyArtifactAsync(dev.ToClaims(), first.Signature, CancellationToken.None)).IsValid);
    }

    [Fact]
    public async Task SamePayloadTwice_InOneProfile_IsTwoVersions_WithOneArtifactId()
    {
        var host = await PublishingHost.StartAsync(azurite, _clock);

        var v1 = await host.PublishAsync(PublishingHost.Servers("a"));
        var v2 = await host.PublishAsync(PublishingHost.Servers("a"));

        Assert.Equal((1, 2), (v1.Version, v2.Version));
        Assert.Equal(v1.ArtifactId, v2.ArtifactId);
    }

    [Fact]
    public async Task Artifacts_AreImmutable_NoWritePathExists_AndRowsNeverChange()
    {
        var publicMethods = typeof(ArtifactStore).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Select(m => m.Name).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(["ComputeArtifactId", "GetAsync", "GetLatestAsync", "GetLatestVersionAsync", "GetSummaryAsync", "ListAsync", "ListPageAsync", "PublishAsync"], publicMethods);

        var host = await PublishingHost.StartAsync(azurite, _clock);
        var v1 = await host.PublishAsync(PublishingHost.Servers("a"), idempotencyKey: "pipeline-1");
        var before = (await host.Artifacts.Table.GetEntityAsync<TableEntity>("claude-desktop:default", "v0000000001")).Value;

        await host.PublishAsync(PublishingHost.Servers("a"), idempotencyKey: "pipeline-1");
        await Task.WhenAll(Enumerable.Range(0, 5).Select(i => host.Sibling().PublishAsync(PublishingHost.Servers("b" + i))));
        await host.DeployAsync(1);
        await host.DeployAsync();

        var after = (await host.Artifacts.Table.GetEntityAsync<TableEntity>("claude-desktop:default", "v0000000001")).Value;
        Assert.Equal((before.ETag, before.Timestamp), (after.ETag, after.Timestamp));
        AssertSame(v1, (await host.Artifacts.GetAsync("claude-desktop", "default", 1, CancellationToken.None))!);
    }

    [Fact]
    public async Task Publish_ConcurrentlyFromTwelveInstances_GetsConsecutiveDistinctVersions()
    {
        using var logs = new CapturedLogs();
        using var loggers = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
        var host = await PublishingHost.StartAsync(azurite, _clock, loggers);
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var publishes = Enumerable.Range(0, 12).Select(i =>
        {
            var instance = host.Sibling();
            return Task.Run(async () =>
            {
                await go.Task;
                return await instance.PublishAsync(PublishingHost.Servers("server" + i), changelog: "from " + i);
            });
        }).ToList();
        go.SetResult();
        var artifacts = await Task.WhenAll(publishes);

        Assert.Equal(Enumerable.Range(1, 12), artifacts.Select(a => a.Version).Order());
        foreach (var artifact in artifacts)
        {
            var stored = await host.Artifacts.GetAsync("claude-desktop", "default", artifact.Version, CancellationToken.None);
            Assert.Equal((artifact.ArtifactId, artifact.Changelog, artifact.Signature), (stored!.ArtifactId, stored.Changelog, stored.Signature));
        }

        Assert.Equal(12, await host.Artifacts.GetLatestVersionAsync("claude-desktop", "default", CancellationToken.None));
        var rows = await PublishingHost.RowsAsync(host.Artifacts.Table);
        Assert.Equal(13, rows.Count);
        Assert.Contains(logs.Lines, line => line.Message.Contains("was taken by a concurrent publish", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Publish_TheSameIdempotencyKeyTwice_CreatesOneVersion_AndReturnsIt()
    {
        var host = await PublishingHost.StartAsync(azurite, _clock);
        var first = await host.PublishAsync(PublishingHost.Servers("a"), idempotencyKey: "7f3c9a2e-pipeline-instance", changelog: "once");
        _clock.Advance(TimeSpan.FromMinutes(1));

        var again = await host.Sibling().PublishAsync(PublishingHost.Servers("a"), idempotencyKey: "7f3c9a2e-pipeline-instance", changelog: "once");

        AssertSame(first, again);
        Assert.Equal("7f3c9a2e-pipeline-instance", again.IdempotencyKey);
        Assert.Single(await host.Artifacts.ListAsync("claude-desktop", "default", CancellationToken.None));
    }

    [Fact]
    public async Task Publish_TheSameIdempotencyKeyConcurrently_CreatesOneVersion_AmongOtherPublishes()
    {
        var host = await PublishingHost.StartAsync(azurite, _clock);
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var calls = Enumerable.Range(0, 12).Select(i =>
        {
            var instance = host.Sibling();
            var (payload, key) = i < 8 ? (PublishingHost.Servers("same"), "pipeline/with?odd#chars") : (PublishingHost.Servers("other" + i), "pipeline-" + i);
            return Task.Run(async () =>
            {
                await go.Task;
                return await instance.PublishAsync(payload, idempotencyKey: key);
            });
        }).ToList();
        go.SetResult();
        var results = await Task.WhenAll(calls);

        var replays = results.Take(8).ToList();
        Assert.Single(replays.Select(a => (a.Version, a.Signature, a.CreatedAt)).Distinct());
        Assert.Equal(Enumerable.Range(1, 5), results.Select(a => a.Version).Distinct().Order());
        Assert.Equal(5, (await host.Artifacts.ListAsync("claude-desktop", "default", CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Publish_TheSameIdempotencyKeyWithAnotherPayload_Is409_AndInAnotherProfile_IsItsOwnPublish()
    {
        var host = await PublishingHost.StartAsync(azurite, _clock);
        var first = await host.PublishAsync(PublishingHost.Servers("a"), idempotencyKey: "run-1");

        var error = await Assert.ThrowsAsync<ProblemException>(() => host.PublishAsync(PublishingHost.Servers("b"), idempotencyKey: "run-1"));
        var elsewhere = await host.PublishAsync(PublishingHost.Servers("a"), profileId: "dev", idempotencyKey: "run-1");

        Assert.Equal((409, "idempotency_key_reused"), (error.Problem.Status, error.Problem.Code));
        Assert.Contains("version 1", error.Problem.Detail, StringComparison.Ordinal);
        Assert.Equal((1, "dev"), (elsewhere.Version, elsewhere.ProfileId));
        Assert.Equal(1, await host.Artifacts.GetLatestVersionAsync("claude-desktop", "default", CancellationToken.None));
        Assert.Equal(first.ArtifactId, elsewhere.ArtifactId);
    }

    [Fact]
    public async Task Publish_APayloadOver64KiB_IsSplitAcrossProperties_AndReadsBackIdentically()
    {
        var host = await PublishingHost.StartAsync(azurite, _clock);
        var payload = PublishingHost.Servers([.. Enumerable.Range(0, 2000).Select(i => "server-" + i)]);
        var canonical = JsonCanonicalizer.Canonicalize(payload);
        Assert.InRange(canonical.Length, 256 * 1024, 512 * 1024);

        var published = await host.PublishAsync(payload);

        var row = (await host.Artifacts.Table.GetEntityAsync<TableEntity>("claude-desktop:default", "v0000000001")).Value;
        Assert.Equal(canonical.Length, row.GetInt32("PayloadBytes"));
        var chunks = Storage.AzuriteTables.CustomProperties(row).Where(p => p.Key.StartsWith("Payload", StringComparison.Ordinal) && p.Key != "PayloadBytes")
            .OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (byte[])p.Value).ToList();
        Assert.Equal((canonical.Length + 65535) / 65536, chunks.Count);
        Assert.All(chunks, chunk => Assert.InRange(chunk.Length, 1, 65536));
        Assert.Equal(canonical, chunks.SelectMany(c => c).ToArray());
        var read = await host.Artifacts.GetAsync("claude-desktop", "default", 1, CancellationToken.None);
        Assert.Equal(canonical, JsonCanonicalizer.Canonicalize(read!.Payload));
        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(canonical)), read.ArtifactId);
        Assert.Equal(published.ArtifactId, read.ArtifactId);
        Assert.Equal(canonical.Length, (await host.Artifacts.ListAsync("claude-desktop", "default", CancellationToken.None))[0].PayloadBytes);
    }

    [Fact]
    public async Task Publish_AtTheSizeLimit_IsStored_OneByteMore_Is413_AndStoresNothing()
    {
        var host = await PublishingHost.StartAsync(azurite, _clock);
        static JsonElement OfSize(int bytes) => JsonSerializer.SerializeToElement(new { blob = new string('x', bytes - """{"blob":""}""".Length) });
        Assert.Equal(ArtifactStore.MaxPayloadBytes, JsonCanonicalizer.Canonicalize(OfSize(ArtifactStore.MaxPayloadBytes)).Length);

        var tooLarge = await Assert.ThrowsAsync<ProblemException>(() => host.PublishAsync(OfSize(ArtifactStore.MaxPayloadBytes + 1)));
        Assert.Empty(await PublishingHost.RowsAsync(host.Artifacts.Table));
        var atLimit = await host.PublishAsync(OfSize(ArtifactStore.MaxPayloadBytes));

        Assert.Equal((413, "payload_too_large"), (tooLarge.Problem.Status, tooLarge.Problem.Code));
        Assert.Contains("917,505 bytes", tooLarge.Problem.Detail, StringComparison.Ordinal);
        var read = await host.Artifacts.GetAsync("claude-desktop", "default", atLimit.Version, CancellationToken.None);
        Assert.Equal(ArtifactStore.MaxPayloadBytes, JsonCanonicalizer.Canonicalize(read!.Payload).Length);
    }

    [Fact]
    public async Task Publish_WithoutSigningKeys_Is409KeysNotInitialized_AndStoresNothing()
    {
        var host = await PublishingHost.StartAsync(azurite, _clock, initializeKeys: false);

        var error = await Assert.ThrowsAsync<ProblemException>(() => host.PublishAsync(PublishingHost.Servers("a"), idempotencyKey: "p1"));

        Assert.Equal((409, "keys_not_initialized"), (error.Problem.Status, error.Problem.Code));
        Assert.Empty(await PublishingHost.RowsAsync(host.Artifacts.Table));
        await host.Keys.InitializeAsync(rotate: false, CancellationToken.None);
        Assert.Equal(1, (await host.PublishAsync(PublishingHost.Servers("a"), idempotencyKey: "p1")).Version);
    }

    [Fact]
    public async Task Publish_AfterKeyRotation_SignsWithTheNewKey_AndOldVersionsStillVerify()
    {
        var host = await PublishingHost.StartAsync(azurite, _clock);
        var v1 = await host.PublishAsync(PublishingHost.Servers("a"));
        var rotated = await host.Keys.InitializeAsync(rotate: true, CancellationToken.None);

        var v2 = await host.PublishAsync(PublishingHost.Servers("b"));

        Assert.Equal(rotated.KeyId, v2.Kid);
        Assert.NotEqual(v1.Kid, v2.Kid);
        foreach (var artifact in await Task.WhenAll(
                     host.Artifacts.GetAsync("claude-desktop", "default", 1, CancellationToken.None),
                     host.Artifacts.GetAsync("claude-desktop", "default", 2, CancellationToken.None)))
        {
            Assert.True((await host.Keys.VerifyArtifactAsync(artifact!.ToClaims(), artifact.Signature, CancellationToken.None)).IsValid);
        }
    }

    [Fact]
    public async Task Publish_BadInput_IsRefusedBeforeAnythingIsWritten()
    {
        var host = await PublishingHost.StartAsync(azurite, _clock);

        var changelog = await Assert.ThrowsAsync<ProblemException>(() => host.PublishAsync(PublishingHost.Servers("a"), changelog: new string('c', ArtifactStore.MaxChangelogLength + 1)));
        await Assert.ThrowsAsync<ArgumentException>(() => host.PublishAsync(PublishingHost.Servers("a"), clientId: "Claude Desktop"));
        await Assert.ThrowsAsync<ArgumentException>(() => host.PublishAsync(PublishingHost.Servers("a"), profileId: "a:b"));
        await Assert.ThrowsAsync<ArgumentException>(() => host.PublishAsync(PublishingHost.Json("""{"a":1e400}""")));
        await Assert.ThrowsAsync<ArgumentException>(() => host.Artifacts.GetAsync("claude-desktop", "../x", 1, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => host.PublishAsync(PublishingHost.Servers("a"), idempotencyKey: new string('k', 1025)));

        Assert.Equal((400, "changelog_too_long"), (changelog.Problem.Status, changelog.Problem.Code));
        Assert.Empty(await PublishingHost.RowsAsync(host.Artifacts.Table));
    }

    [Fact]
    public async Task Get_APayloadDamagedInStorage_IsRefused_NotServed()
    {
        var host = await PublishingHost.StartAsync(azurite, _clock);
        await host.PublishAsync(PublishingHost.Json("""{"servers":[{"name":"fs","command":"npx"}]}"""));
        var row = (await host.Artifacts.Table.GetEntityAsync<TableEntity>("claude-desktop:default", "v0000000001")).Value;
        var bytes = row.GetBinary("Payload00")!;
        bytes[Array.IndexOf(bytes, (byte)'n')] = (byte)'N';
        await host.Artifacts.Table.UpdateEntityAsync(new TableEntity(row.PartitionKey, row.RowKey) { ["Payload00"] = bytes }, row.ETag);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => host.Artifacts.GetAsync("claude-desktop", "default", 1, CancellationToken.None));

        Assert.Contains("damaged", error.Message, StringComparison.Ordinal);
    }

    private static void AssertSame(Artifact expected, Artifact actual)
    {
        Assert.Equal(
            (expected.ClientId, expected.ProfileId, expected.Version, expected.ArtifactId, expected.Changelog, expected.PublishedBy, expected.CreatedAt, expected.Signature, expected.Kid),
            (actual.ClientId, actual.ProfileId, actual.Version, actual.ArtifactId, actual.Changelog, actual.PublishedBy, actual.CreatedAt, actual.Signature, actual.Kid));
        Assert.Equal(expected.Payload.GetRawText(), actual.Payload.GetRawText());
        Assert.Equal(expected.ValidationSummary?.GetRawText(), actual.ValidationSummary?.GetRawText());
    }
}
