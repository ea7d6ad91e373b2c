using Azure.Data.Tables;
using McpOrchestrator.Core.Access;
using McpOrchestrator.TestSupport;
using Microsoft.Extensions.Logging;

namespace McpOrchestrator.Core.Tests.Access;

/// <summary>A whole token lifecycle with every log line captured (storage client included): the events are there,
/// the secrets are not.</summary>
public sealed class AccessLoggingTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string ApiKey = "Api-Key-For-The-Logging-Test-7f3a9c";

    [Fact]
    public async Task FullLifecycle_LogsTheEvents_ButNoSecretHashOrKey()
    {
        using var logs = new CapturedLogs();
        using var loggers = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        var clock = new ManualTimeProvider(AccessHost.Start);
        var host = AccessHost.OnAzurite(azurite, clock, new AccessOptions { ApiKey = ApiKey }, loggers);

        var admin = await host.Validator.AuthenticateAsync(null, ApiKey, CancellationToken.None);
        var issued = await host.Tokens.IssueAsync(
            new CreateTokenRequest { Name = "lifecycle", Scopes = [Scopes.Read, Scopes.Tools], ExpiresAt = AccessHost.Start.AddMinutes(10) },
            admin.Principal!,
            CancellationToken.None);
        var expiring = await host.IssueAsync("expiring", [Scopes.Read], AccessHost.Start.AddSeconds(30));
        Assert.True((await host.BearerAsync(issued.Token)).Succeeded);
        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.True((await host.BearerAsync(issued.Token)).Succeeded);
        Assert.False((await host.BearerAsync(expiring.Token)).Succeeded);
        Assert.False((await host.BearerAsync(issued.Token[..^1] + (issued.Token[^1] == 'A' ? 'B' : 'A'))).Succeeded);
        Assert.False((await host.BearerAsync(TokenFormat.Generate())).Succeeded);
        Assert.False((await host.Validator.AuthenticateAsync("Basic " + issued.Token, null, CancellationToken.None)).Succeeded);
        Assert.False((await host.Validator.AuthenticateAsync(null, ApiKey.ToLowerInvariant(), CancellationToken.None)).Succeeded);
        Assert.False((await host.Validator.AuthenticateAsync("Bearer " + issued.Token, ApiKey, CancellationToken.None)).Succeeded);
        await host.ListAllAsync();
        await host.Tokens.RevokeAsync(issued.Id, CancellationToken.None);
        Assert.False((await host.BearerAsync(issued.Token)).Succeeded);
        await Assert.ThrowsAsync<Problems.ProblemException>(() => host.Tokens.RevokeAsync(issued.Token, CancellationToken.None));
        await host.Store.Table.DeleteAsync();
        Assert.False((await host.BearerAsync(issued.Token)).Succeeded);

        var text = logs.AllText;
        Assert.Contains($"Issued token {issued.Id} 'lifecycle' with scopes read tools, by api-key", text, StringComparison.Ordinal);
        Assert.Contains($"Revoked token {issued.Id}", text, StringComparison.Ordinal);
        foreach (var reason in new[] { "expired token", "malformed token", "unknown token", "malformed Authorization header", "wrong API key", "both Authorization and X-API-Key sent", "revoked token" })
        {
            Assert.Contains("Authentication failed: " + reason, text, StringComparison.Ordinal);
        }

        foreach (var secret in new[] { issued.Token, expiring.Token })
        {
            Assert.DoesNotContain(secret[5..25], text, StringComparison.Ordinal);
            Assert.DoesNotContain(secret[25..48], text, StringComparison.Ordinal);
            var hash = TokenFormat.Hash(secret);
            Assert.DoesNotContain(hash[..16], text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(hash[^16..], text, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain(ApiKey, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(ApiKey[..12], text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task LastUsedWriteFailure_IsLoggedByIdOnly()
    {
        using var logs = new CapturedLogs();
        using var loggers = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        var clock = new ManualTimeProvider(AccessHost.Start);
        var host = AccessHost.OnAzurite(azurite, clock, loggers: loggers);
        var issued = await host.IssueAsync("unlucky", [Scopes.Read]);
        await host.Store.Table.UpdateEntityAsync(
            new TableEntity("token", TokenFormat.Hash(issued.Token)) { ["LastUsedAt"] = AccessHost.Start.AddSeconds(-59) }, Azure.ETag.All);
        Assert.True((await host.BearerAsync(issued.Token)).Succeeded);
        await host.Store.Table.DeleteAsync();
        clock.Advance(TimeSpan.FromSeconds(2));

        Assert.True((await host.BearerAsync(issued.Token)).Succeeded);

        var warning = Assert.Single(logs.Lines, line => line.Level == LogLevel.Warning && line.Message.Contains("last use", StringComparison.Ordinal));
        Assert.Equal($"Could not record the last use of token {issued.Id} (storage answered 404 TableNotFound); the request goes on", warning.Message);
        Assert.Null(warning.Exception);
    }
}
