using System.Text.Json;
using Azure.Data.Tables;
using McpOrchestrator.Core.Access;
using McpOrchestrator.Core.Paging;
using McpOrchestrator.Core.Problems;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Core.Tests.Access;

/// <summary>Issuing, listing and revoking tokens on a real Azurite; each test has a Tokens table of its own.</summary>
public sealed class TokenServiceTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Now = AccessHost.Start;
    private readonly ManualTimeProvider _clock = new(Now);

    [Fact]
    public async Task IssueListRevoke_RoundTrip()
    {
        var host = AccessHost.OnAzurite(azurite, _clock);

        var first = await host.IssueAsync("ci", [Scopes.Read], Now.AddDays(30));
        _clock.Advance(TimeSpan.FromMinutes(1));
        var second = await host.Tokens.IssueAsync(
            new CreateTokenRequest { Name = "n8n", Scopes = [Scopes.Tools, Scopes.Write] },
            new Principal(Principal.TokenKind, "tok_00000000000000ad", "admin bot", Scopes.All),
            CancellationToken.None);

        var listed = await host.ListAllAsync();
        Assert.Equal(2, listed.Count);
        var firstInfo = listed.Single(t => t.Id == first.Id);
        var secondInfo = listed.Single(t => t.Id == second.Id);
        Assert.Equal(
            new TokenInfo { Id = first.Id, Name = "ci", Scopes = firstInfo.Scopes, CreatedAt = Now, ExpiresAt = Now.AddDays(30), CreatedBy = "api-key" },
            firstInfo);
        Assert.Equal(["read"], firstInfo.Scopes);
        Assert.Equal(["write", "tools"], secondInfo.Scopes);
        Assert.Equal("tok_00000000000000ad", secondInfo.CreatedBy);
        Assert.Null(secondInfo.ExpiresAt);

        _clock.Advance(TimeSpan.FromMinutes(1));
        var revoked = await host.Tokens.RevokeAsync(first.Id, CancellationToken.None);
        Assert.Equal(Now.AddMinutes(2), revoked.RevokedAt);
        Assert.Equal(first.Id, revoked.Id);

        _clock.Advance(TimeSpan.FromMinutes(1));
        var again = await host.Tokens.RevokeAsync(first.Id, CancellationToken.None);
        Assert.Equal(revoked, again with { Scopes = revoked.Scopes });
        Assert.Equal(Now.AddMinutes(2), again.RevokedAt);

        listed = await host.ListAllAsync();
        Assert.Equal(Now.AddMinutes(2), listed.Single(t => t.Id == first.Id).RevokedAt);
        Assert.Null(listed.Single(t => t.Id == second.Id).RevokedAt);
        Assert.False((await host.BearerAsync(first.Token)).Succeeded);
        Assert.True((await host.BearerAsync(second.Token)).Succeeded);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(11)]
    public async Task ListPage_FollowingCursors_ListsEveryTokenOnce_InAStableOrder(int limit)
    {
        var host = AccessHost.OnAzurite(azurite, _clock);
        var issued = new List<string>();
        for (var i = 0; i < 11; i++)
        {
            issued.Add((await host.IssueAsync($"paged-{i}", [Scopes.Read])).Id);
        }

        var listed = await host.ListAllAsync(limit);
        var again = await host.ListAllAsync(limit);

        Assert.Equal(issued.Order(StringComparer.Ordinal), listed.Select(t => t.Id).Order(StringComparer.Ordinal));
        Assert.Equal(listed.Select(t => t.Id), again.Select(t => t.Id));
    }

    [Fact]
    public async Task ListPage_CursorHoldsNoWholeHash_AndPagesAreBounded()
    {
        var host = AccessHost.OnAzurite(azurite, _clock);
        for (var i = 0; i < 5; i++)
        {
            await host.IssueAsync($"paged-{i}", [Scopes.Read]);
        }

        var first = await host.Tokens.ListPageAsync(new PageRequest { Limit = 2 }, CancellationToken.None);
        var key = PageCursor.Read(first.Next, "tokens", _ => true);

        Assert.Equal(2, first.Items.Count);
        Assert.Equal(16, key!.Length);
        var hashes = new List<string>();
        await foreach (var row in host.Store.Table.QueryAsync<TableEntity>())
        {
            hashes.Add(row.RowKey);
        }

        Assert.Contains(hashes, h => h.StartsWith(key, StringComparison.Ordinal));
        Assert.DoesNotContain(hashes, h => first.Next!.Contains(h, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("MTp0b2tlbnM6MDEyMzQ1Njc4OWFiY2RlZmc")]
    [InlineData("MTp0b2tlbnM6MDEyMw")]
    [InlineData("MTpzZXJ2ZXJzOmZpbGVzeXN0ZW0")]
    public async Task ListPage_MalformedOrForeignCursor_InvalidCursor(string cursor)
    {
        var host = AccessHost.OnAzurite(azurite, _clock);

        await AssertProblemAsync(host.Tokens.ListPageAsync(new PageRequest { Cursor = cursor }, CancellationToken.None), 400, "invalid_cursor");
    }

    [Fact]
    public async Task Issue_ReturnsTheSecretOnce_AndStoresOnlyItsHash()
    {
        var host = AccessHost.OnAzurite(azurite, _clock);

        var issued = await host.IssueAsync("scanner-test", [Scopes.Admin]);

        Assert.True(TokenFormat.IsWellFormed(issued.Token));
        Assert.Matches("^tok_[0-9a-f]{16}$", issued.Id);
        var rows = new List<TableEntity>();
        await foreach (var row in host.Store.Table.QueryAsync<TableEntity>())
        {
            rows.Add(row);
        }

        var stored = Assert.Single(rows);
        Assert.Equal(TokenFormat.Hash(issued.Token), stored.RowKey);
        Assert.Equal("token", stored.PartitionKey);
        Assert.Equal(
            ["CreatedAt", "CreatedBy", "Id", "Name", "Scopes"],
            Storage.AzuriteTables.CustomProperties(stored).Keys.Order(StringComparer.Ordinal));
        foreach (var (name, value) in Storage.AzuriteTables.CustomProperties(stored))
        {
            var text = value switch
            {
                byte[] bytes => Convert.ToBase64String(bytes),
                _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
            };
            Assert.DoesNotContain(issued.Token[5..], text, StringComparison.Ordinal);
            Assert.DoesNotContain(issued.Token[5..48], text, StringComparison.Ordinal);
        }

        var listed = JsonSerializer.Serialize(await host.ListAllAsync(), JsonSerializerOptions.Web);
        Assert.DoesNotContain(issued.Token[5..], listed, StringComparison.Ordinal);
        Assert.DoesNotContain(stored.RowKey, listed, StringComparison.Ordinal);
        Assert.DoesNotContain("\"token\"", listed, StringComparison.Ordinal);
        Assert.Contains("\"lastUsedAt\":null", listed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue_TrimsTheName_AndCollapsesDuplicateScopesIntoCanonicalOrder()
    {
        var host = AccessHost.OnAzurite(azurite, _clock);

        var issued = await host.IssueAsync("  deploy bot ", [Scopes.Tools, Scopes.Read, Scopes.Tools, Scopes.Admin, Scopes.Read]);

        Assert.Equal("deploy bot", issued.Name);
        Assert.Equal(["read", "admin", "tools"], issued.Scopes);
        var principal = (await host.BearerAsync(issued.Token)).Principal!;
        Assert.Equal(("token", issued.Id, "deploy bot"), (principal.Kind, principal.Id, principal.Name));
        Assert.Equal(["read", "admin", "tools"], principal.Scopes);
    }

    [Theory]
    [InlineData(null, "1 to 64 characters")]
    [InlineData("", "1 to 64 characters")]
    [InlineData("   \t ", "1 to 64 characters")]
    [InlineData("65", "at most 64")]
    [InlineData("line\nbreak", "control")]
    [InlineData("tab\there", "control")]
    [InlineData("nul\0", "control")]
    [InlineData("bidi\u202Eevil", "formatting")]
    [InlineData("zero\u200Bwidth", "formatting")]
    [InlineData("line\u2028separator", "control")]
    public async Task Issue_BadName_IsInvalidTokenName_AndStoresNothing(string? name, string hint)
    {
        var host = AccessHost.OnAzurite(azurite, _clock);
        var request = new CreateTokenRequest { Name = name == "65" ? new string('n', 65) : name!, Scopes = [Scopes.Read] };

        var problem = await AssertProblemAsync(host.Tokens.IssueAsync(request, Principal.ApiKey, CancellationToken.None), 400, "invalid_token_name");

        Assert.Contains(hint, problem.Detail, StringComparison.Ordinal);
        Assert.Empty(await host.ListAllAsync());
    }

    [Fact]
    public async Task Issue_NameWithALoneSurrogate_IsInvalidTokenName()
    {
        var host = AccessHost.OnAzurite(azurite, _clock);
        var name = "lone" + '\uD800' + "surrogate";

        await AssertProblemAsync(
            host.Tokens.IssueAsync(new CreateTokenRequest { Name = name, Scopes = [Scopes.Read] }, Principal.ApiKey, CancellationToken.None), 400, "invalid_token_name");
    }

    [Fact]
    public async Task Issue_NameOfExactly64CharactersWithEmoji_IsAccepted()
    {
        var host = AccessHost.OnAzurite(azurite, _clock);
        var name = new string('n', 62) + "🔑";

        var issued = await host.IssueAsync(name, [Scopes.Read]);

        Assert.Equal(name, (await host.ListAllAsync()).Single().Name);
        Assert.Equal(name, issued.Name);
    }

    [Theory]
    [InlineData(null, "at least one scope")]
    [InlineData("", "at least one scope")]
    [InlineData("root", "Unknown scope 'root'")]
    [InlineData("Read", "Unknown scope 'Read'")]
    [InlineData("read,superuser,root", "Unknown scopes 'superuser', 'root'")]
    [InlineData("read,", "Unknown scope ''")]
    public async Task Issue_BadScopes_AreInvalidScope_AndListTheKnownOnes(string? scopes, string hint)
    {
        var host = AccessHost.OnAzurite(azurite, _clock);
        var request = new CreateTokenRequest { Name = "x", Scopes = scopes is null ? null! : scopes.Length == 0 ? [] : scopes.Split(',') };

        var problem = await AssertProblemAsync(host.Tokens.IssueAsync(request, Principal.ApiKey, CancellationToken.None), 400, "invalid_scope");

        Assert.Contains(hint, problem.Detail, StringComparison.Ordinal);
        Assert.Contains("read, write, admin, tools", problem.Detail, StringComparison.Ordinal);
        Assert.Empty(await host.ListAllAsync());
    }

    [Fact]
    public async Task Issue_NullScopeInTheList_IsInvalidScope()
    {
        var host = AccessHost.OnAzurite(azurite, _clock);

        var problem = await AssertProblemAsync(
            host.Tokens.IssueAsync(new CreateTokenRequest { Name = "x", Scopes = [Scopes.Read, null!] }, Principal.ApiKey, CancellationToken.None),
            400,
            "invalid_scope");

        Assert.Contains("null", problem.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("now", "not in the future")]
    [InlineData("-1s", "not in the future")]
    [InlineData("-1y", "not in the future")]
    [InlineData("10y+1s", "more than 10 years ahead")]
    [InlineData("100y", "more than 10 years ahead")]
    public async Task Issue_BadExpiry_IsInvalidExpiry(string when, string hint)
    {
        var host = AccessHost.OnAzurite(azurite, _clock);
        var expiresAt = when switch
        {
            "now" => Now,
            "-1s" => Now.AddSeconds(-1),
            "-1y" => Now.AddYears(-1),
            "10y+1s" => Now.AddYears(10).AddSeconds(1),
            _ => Now.AddYears(100),
        };

        var problem = await AssertProblemAsync(host.Tokens.IssueAsync(
            new CreateTokenRequest { Name = "x", Scopes = [Scopes.Read], ExpiresAt = expiresAt }, Principal.ApiKey, CancellationToken.None), 400, "invalid_expiry");

        Assert.Contains(hint, problem.Detail, StringComparison.Ordinal);
        Assert.Contains("leave expiresAt out", problem.Detail, StringComparison.Ordinal);
        Assert.Empty(await host.ListAllAsync());
    }

    [Fact]
    public async Task Issue_ExpiryAtTheLimits_IsAccepted_AndStoredInUtc()
    {
        var host = AccessHost.OnAzurite(azurite, _clock);

        var soon = await host.IssueAsync("soon", [Scopes.Read], Now.AddTicks(1));
        var latest = await host.IssueAsync("latest", [Scopes.Read], Now.AddYears(10).ToOffset(TimeSpan.FromHours(2)));

        var listed = await host.ListAllAsync();
        Assert.Equal(Now.AddTicks(1), listed.Single(t => t.Id == soon.Id).ExpiresAt);
        var stored = listed.Single(t => t.Id == latest.Id).ExpiresAt!.Value;
        Assert.Equal(Now.AddYears(10), stored);
        Assert.Equal(TimeSpan.Zero, stored.Offset);
    }

    [Fact]
    public async Task Issue_ScopeTheIssuerDoesNotHold_IsForbidden()
    {
        var host = AccessHost.OnAzurite(azurite, _clock);
        var admin = new Principal(Principal.TokenKind, "tok_00000000000000ad", "admins", [Scopes.Admin]);

        var readToken = await host.Tokens.IssueAsync(new CreateTokenRequest { Name = "r", Scopes = [Scopes.Read, Scopes.Write] }, admin, CancellationToken.None);
        var problem = await AssertProblemAsync(
            host.Tokens.IssueAsync(new CreateTokenRequest { Name = "t", Scopes = [Scopes.Read, Scopes.Tools] }, admin, CancellationToken.None), 403, "insufficient_scope");

        Assert.Contains("'tools'", problem.Detail, StringComparison.Ordinal);
        Assert.Contains("scope=\"tools\"", problem.Headers["WWW-Authenticate"], StringComparison.Ordinal);
        Assert.Equal([readToken.Id], (await host.ListAllAsync()).Select(t => t.Id));
    }

    [Fact]
    public async Task Revoke_UnknownId_IsTokenNotFound()
    {
        var host = AccessHost.OnAzurite(azurite, _clock);
        await host.IssueAsync("other", [Scopes.Read]);

        var problem = await AssertProblemAsync(host.Tokens.RevokeAsync("tok_0123456789abcdef", CancellationToken.None), 404, "token_not_found");

        Assert.Contains("tok_0123456789abcdef", problem.Detail, StringComparison.Ordinal);
        Assert.Null((await host.ListAllAsync()).Single().RevokedAt);
    }

    [Theory]
    [InlineData("' or PartitionKey eq 'token")]
    [InlineData("TOK_0123456789ABCDEF")]
    [InlineData("")]
    [InlineData("secret")]
    public async Task Revoke_NotAnId_IsTokenNotFound_WithoutEchoingIt(string id)
    {
        var host = AccessHost.OnAzurite(azurite, _clock);
        var issued = await host.IssueAsync("victim", [Scopes.Read]);
        var presented = id == "secret" ? issued.Token : id;

        var problem = await AssertProblemAsync(host.Tokens.RevokeAsync(presented, CancellationToken.None), 404, "token_not_found");

        if (presented.Length > 0)
        {
            Assert.DoesNotContain(presented, problem.Detail, StringComparison.Ordinal);
        }

        Assert.True((await host.BearerAsync(issued.Token)).Succeeded);
    }

    [Fact]
    public async Task BeforeAnyTokenIsIssued_ListIsEmpty_RevokeIsNotFound_AndATokenIsUnknown()
    {
        var host = AccessHost.OnAzurite(azurite, _clock);

        Assert.Empty(await host.ListAllAsync());
        await AssertProblemAsync(host.Tokens.RevokeAsync("tok_0123456789abcdef", CancellationToken.None), 404, "token_not_found");
        var result = await host.BearerAsync(TokenFormat.Generate());
        Assert.Equal("token_invalid", result.Problem?.Code);
    }

    [Fact]
    public async Task Tokens_SurviveANewInstance_AndARevokedTokenStaysRevoked()
    {
        var host = AccessHost.OnAzurite(azurite, _clock);
        var kept = await host.IssueAsync("kept", [Scopes.Read]);
        var gone = await host.IssueAsync("gone", [Scopes.Read]);
        await host.Tokens.RevokeAsync(gone.Id, CancellationToken.None);

        var restarted = host.Sibling(_clock);

        Assert.True((await restarted.BearerAsync(kept.Token)).Succeeded);
        Assert.Contains("revoked", (await restarted.BearerAsync(gone.Token)).Problem!.Detail, StringComparison.Ordinal);
        Assert.Equal(2, (await restarted.ListAllAsync()).Count);
    }

    private static async Task<Problem> AssertProblemAsync(Task task, int status, string code)
    {
        var problem = (await Assert.ThrowsAsync<ProblemException>(() => task)).Problem;
        Assert.Equal((status, code), (problem.Status, problem.Code));
        Assert.False(string.IsNullOrWhiteSpace(problem.Detail));
        return problem;
    }
}
