using Azure;
using Azure.Data.Tables;
using McpOrchestrator.Core.Access;
using McpOrchestrator.TestSupport;
using Microsoft.Extensions.Logging;

namespace McpOrchestrator.Core.Tests.Access;

/// <summary>Validating issued tokens on a real Azurite: expiry, revocation across instances with the validation
/// cache, and the once-a-minute lastUsedAt. Time moves only by the manual clock; nothing sleeps.</summary>
public sealed class TokenAuthenticationTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Now = AccessHost.Start;
    private static readonly TimeSpan Ttl = new AccessOptions().ValidationCacheTtl;
    private readonly ManualTimeProvider _clock = new(Now);

    [Fact]
    public void DefaultCacheTtl_IsBelowTheFiveSecondPromise() =>
        Assert.InRange(Ttl, TimeSpan.FromSeconds(1), AccessOptions.MaxValidationCacheTtl);

    [Fact]
    public async Task IssuedToken_Authenticates_AsItsOwnPrincipal()
    {
        var host = AccessHost.OnAzurite(azurite, _clock);
        var issued = await host.IssueAsync("reader", [Scopes.Read]);

        var result = await host.BearerAsync(issued.Token);

        Assert.True(result.Succeeded);
        Assert.Equal(new Principal("token", issued.Id, "reader", result.Principal.Scopes), result.Principal);
        Assert.Equal(["read"], result.Principal.Scopes);
        Assert.False(result.Principal.Has(Scopes.Write));
        Assert.Equal(1, host.Store.CachedCount);
    }

    [Fact]
    public async Task ExpiredToken_IsRefusedExactlyAtExpiresAt_EvenWhileCached()
    {
        var host = AccessHost.OnAzurite(azurite, _clock);
        var expiresAt = Now.AddSeconds(2);
        var issued = await host.IssueAsync("short-lived", [Scopes.Read], expiresAt);
        Assert.True((await host.BearerAsync(issued.Token)).Succeeded);
        Assert.Equal(1, host.Store.CachedCount);

        _clock.Advance(expiresAt - Now - TimeSpan.FromTicks(1));
        Assert.True((await host.BearerAsync(issued.Token)).Succeeded);

        _clock.Advance(TimeSpan.FromTicks(1));
        var refused = await host.BearerAsync(issued.Token);

        Assert.Equal("token_invalid", refused.Problem?.Code);
        Assert.Contains("expired at 2026-11-20T12:00:02Z", refused.Problem!.Detail, StringComparison.Ordinal);
        Assert.Equal(0, host.Store.CachedCount);
        Assert.Contains("expired", (await host.Sibling(_clock).BearerAsync(issued.Token)).Problem!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokedThroughThisInstance_IsRefusedImmediately_ThoughItWasCached()
    {
        var host = AccessHost.OnAzurite(azurite, _clock);
        var issued = await host.IssueAsync("to-revoke", [Scopes.Admin]);
        Assert.True((await host.BearerAsync(issued.Token)).Succeeded);
        Assert.Equal(1, host.Store.CachedCount);

        await host.Tokens.RevokeAsync(issued.Id, CancellationToken.None);
        var refused = await host.BearerAsync(issued.Token);

        Assert.Equal("token_invalid", refused.Problem?.Code);
        Assert.Contains("revoked", refused.Problem!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokedOnAnotherInstance_IsRefusedOnceTheCacheTtlHasPassed()
    {
        var revoker = AccessHost.OnAzurite(azurite, _clock);
        var other = revoker.Sibling(_clock);
        var issued = await revoker.IssueAsync("shared", [Scopes.Read]);
        Assert.True((await other.BearerAsync(issued.Token)).Succeeded);

        await revoker.Tokens.RevokeAsync(issued.Id, CancellationToken.None);
        Assert.False((await revoker.BearerAsync(issued.Token)).Succeeded);

        // Within the TTL the other instance may still trust its cache …
        _clock.Advance(Ttl - TimeSpan.FromTicks(1));
        Assert.True((await other.BearerAsync(issued.Token)).Succeeded);

        // … and not a moment longer; the promise is 5 seconds.
        _clock.Advance(TimeSpan.FromTicks(1));
        var refused = await other.BearerAsync(issued.Token);
        Assert.Contains("revoked", refused.Problem!.Detail, StringComparison.Ordinal);
        Assert.True(Ttl <= TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task WithoutACache_RevocationOnAnotherInstance_IsSeenAtOnce()
    {
        var revoker = AccessHost.OnAzurite(azurite, _clock);
        var other = revoker.Sibling(_clock, new AccessOptions { ValidationCacheTtl = TimeSpan.Zero });
        var issued = await revoker.IssueAsync("uncached", [Scopes.Read]);
        Assert.True((await other.BearerAsync(issued.Token)).Succeeded);
        Assert.Equal(0, other.Store.CachedCount);

        await revoker.Tokens.RevokeAsync(issued.Id, CancellationToken.None);

        Assert.False((await other.BearerAsync(issued.Token)).Succeeded);
    }

    [Fact]
    public async Task DeletedRow_IsRefusedOnceTheCacheTtlHasPassed()
    {
        var host = AccessHost.OnAzurite(azurite, _clock);
        var issued = await host.IssueAsync("deleted", [Scopes.Read]);
        Assert.True((await host.BearerAsync(issued.Token)).Succeeded);

        Assert.Equal(204, (await host.Store.Table.DeleteEntityAsync("token", TokenFormat.Hash(issued.Token))).Status);
        _clock.Advance(Ttl);

        Assert.Contains("not one this service issued", (await host.BearerAsync(issued.Token)).Problem!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cache_HoldsAtMostItsSize_AndEveryTokenStillAuthenticates()
    {
        var host = AccessHost.OnAzurite(azurite, _clock, new AccessOptions { ValidationCacheSize = 2 });
        var tokens = new List<IssuedToken>();
        for (var i = 0; i < 4; i++)
        {
            tokens.Add(await host.IssueAsync($"t{i}", [Scopes.Read]));
        }

        foreach (var token in tokens)
        {
            Assert.True((await host.BearerAsync(token.Token)).Succeeded);
            Assert.InRange(host.Store.CachedCount, 1, 2);
        }

        _clock.Advance(Ttl);
        Assert.True((await host.BearerAsync(tokens[3].Token)).Succeeded);
        Assert.Equal(1, host.Store.CachedCount);
    }

    [Fact]
    public async Task TokenIssuedHere_WorksAtOnce_ThoughItsHashWasJustRememberedAsUnknown()
    {
        var host = AccessHost.OnAzurite(azurite, _clock);
        await host.IssueAsync("creates-the-table", [Scopes.Read]);
        var secret = TokenFormat.Generate();
        Assert.False((await host.BearerAsync(secret)).Succeeded);
        Assert.Equal(1, host.Store.UnknownCount);

        await host.Store.AddAsync(new TokenRecord(TokenFormat.Hash(secret), TokenFormat.NewId(), "late", [Scopes.Read], Now, null, null, null, Principal.ApiKey.Id), CancellationToken.None);

        Assert.True((await host.BearerAsync(secret)).Succeeded);
        Assert.Equal(0, host.Store.UnknownCount);
    }

    [Fact]
    public async Task TokenIssuedOnAnotherInstance_IsAcceptedHereOnceTheNegativeTtlHasPassed()
    {
        var host = AccessHost.OnAzurite(azurite, _clock);
        var other = host.Sibling(_clock);
        await host.IssueAsync("creates-the-table", [Scopes.Read]);
        var secret = TokenFormat.Generate();
        Assert.False((await host.BearerAsync(secret)).Succeeded);

        await other.Store.AddAsync(new TokenRecord(TokenFormat.Hash(secret), TokenFormat.NewId(), "elsewhere", [Scopes.Read], Now, null, null, null, Principal.ApiKey.Id), CancellationToken.None);

        Assert.True((await other.BearerAsync(secret)).Succeeded);
        Assert.False((await host.BearerAsync(secret)).Succeeded);
        _clock.Advance(new AccessOptions().NegativeCacheTtl);
        Assert.True((await host.BearerAsync(secret)).Succeeded);
    }

    [Fact]
    public async Task LastUsedAt_IsWrittenAtMostAboutOnceAMinute()
    {
        var host = AccessHost.OnAzurite(azurite, _clock);
        var issued = await host.IssueAsync("busy", [Scopes.Read]);
        Assert.Null(AccessHost.TimeOf(await host.RowAsync(issued.Id), "LastUsedAt"));

        Assert.True((await host.BearerAsync(issued.Token)).Succeeded);
        var first = await host.RowAsync(issued.Id);
        Assert.Equal(Now, AccessHost.TimeOf(first, "LastUsedAt"));

        for (var i = 0; i < 5; i++)
        {
            _clock.Advance(TimeSpan.FromSeconds(10));
            Assert.True((await host.BearerAsync(issued.Token)).Succeeded);
            Assert.True((await host.Sibling(_clock).BearerAsync(issued.Token)).Succeeded);
        }

        var unchanged = await host.RowAsync(issued.Id);
        Assert.Equal(first.ETag, unchanged.ETag);
        Assert.Equal(Now, AccessHost.TimeOf(unchanged, "LastUsedAt"));

        _clock.Advance(TimeSpan.FromSeconds(11));
        Assert.True((await host.BearerAsync(issued.Token)).Succeeded);

        Assert.Equal(Now.AddSeconds(61), AccessHost.TimeOf(await host.RowAsync(issued.Id), "LastUsedAt"));
        Assert.Equal(Now.AddSeconds(61), (await host.ListAllAsync()).Single().LastUsedAt);
    }

    [Fact]
    public async Task LastUsedAt_DueWhileCached_IsWrittenFromTheCache_WithoutExtendingTheTtl()
    {
        var host = AccessHost.OnAzurite(azurite, _clock);
        var issued = await host.IssueAsync("cached-touch", [Scopes.Read]);
        await SetLastUsedAtAsync(host, issued, Now.AddSeconds(-59));
        Assert.True((await host.BearerAsync(issued.Token)).Succeeded);
        Assert.Equal(Now.AddSeconds(-59), AccessHost.TimeOf(await host.RowAsync(issued.Id), "LastUsedAt"));

        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.True((await host.BearerAsync(issued.Token)).Succeeded);
        Assert.Equal(Now.AddSeconds(2), AccessHost.TimeOf(await host.RowAsync(issued.Id), "LastUsedAt"));

        // The cached entry still expires one TTL after it was read, so a revocation elsewhere is seen in time.
        await host.Sibling(_clock).Tokens.RevokeAsync(issued.Id, CancellationToken.None);
        _clock.Advance(Ttl - TimeSpan.FromSeconds(2));
        Assert.False((await host.BearerAsync(issued.Token)).Succeeded);
    }

    [Fact]
    public async Task LastUsedAt_LostRace_IsIgnored_AndDoesNotOverwriteTheOtherWrite()
    {
        using var logs = new CapturedLogs();
        using var loggers = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        var host = AccessHost.OnAzurite(azurite, _clock, loggers: loggers);
        var issued = await host.IssueAsync("raced", [Scopes.Read]);
        await SetLastUsedAtAsync(host, issued, Now.AddSeconds(-59));
        Assert.True((await host.BearerAsync(issued.Token)).Succeeded);

        // Another instance changes the row after this one cached it, so this one's ETag is stale.
        await host.Sibling(_clock).Tokens.RevokeAsync(issued.Id, CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(2));

        Assert.True((await host.BearerAsync(issued.Token)).Succeeded);
        var row = await host.RowAsync(issued.Id);
        Assert.Equal(Now.AddSeconds(-59), AccessHost.TimeOf(row, "LastUsedAt"));
        Assert.Equal(Now, AccessHost.TimeOf(row, "RevokedAt"));
        Assert.DoesNotContain(logs.Lines, line => line.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task LastUsedAt_WriteFailure_DoesNotFailTheRequest()
    {
        var host = AccessHost.OnAzurite(azurite, _clock);
        var issued = await host.IssueAsync("unlucky", [Scopes.Read]);
        await SetLastUsedAtAsync(host, issued, Now.AddSeconds(-59));
        Assert.True((await host.BearerAsync(issued.Token)).Succeeded);
        await host.Store.Table.DeleteAsync();

        _clock.Advance(TimeSpan.FromSeconds(2));

        Assert.True((await host.BearerAsync(issued.Token)).Succeeded);
    }

    private static async Task SetLastUsedAtAsync(AccessHost host, IssuedToken issued, DateTimeOffset value) =>
        await host.Store.Table.UpdateEntityAsync(
            new TableEntity("token", TokenFormat.Hash(issued.Token)) { ["LastUsedAt"] = value }, ETag.All, TableUpdateMode.Merge);
}
