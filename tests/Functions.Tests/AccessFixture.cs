using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using McpOrchestrator.Core.Access;
using McpOrchestrator.Core.Storage;
using McpOrchestrator.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace McpOrchestrator.Functions.Tests;

/// <summary>The service on a real Azurite with an API key, and one credential of each kind the access matrix needs.</summary>
public sealed class AccessFixture : IAsyncLifetime
{
    public string ApiKey { get; } = "test-key-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    public AzuriteProcess Azurite { get; private set; } = null!;

    public FunctionsAppProcess Service { get; private set; } = null!;

    /// <summary>A valid token per scope.</summary>
    public IReadOnlyDictionary<string, string> TokenFor { get; private set; } = null!;

    public string ExpiredToken { get; private set; } = null!;

    public string RevokedToken { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Azurite = await AzuriteProcess.StartWithBlobsAndQueuesAsync();
        Service = await StartServiceAsync();
        var tokens = new Dictionary<string, string>();
        foreach (var scope in Scopes.All)
        {
            tokens[scope] = (await IssueAsync($"matrix-{scope}", [scope])).Token;
        }

        TokenFor = tokens;
        var revoked = await IssueAsync("matrix-revoked", [Scopes.Admin]);
        using (var revoke = new HttpRequestMessage(HttpMethod.Delete, $"/v1/tokens/{revoked.Id}"))
        {
            revoke.Headers.Add("X-API-Key", ApiKey);
            using var response = await Service.Client.SendAsync(revoke);
            response.EnsureSuccessStatusCode();
        }

        RevokedToken = revoked.Token;
        ExpiredToken = await IssueExpiredTokenAsync();
    }

    public async Task DisposeAsync()
    {
        await Service.DisposeAsync();
        await Azurite.DisposeAsync();
    }

    public Task<FunctionsAppProcess> StartServiceAsync() => FunctionsAppProcess.StartAsync(new Dictionary<string, string>
    {
        ["AzureWebJobsStorage"] = Azurite.ConnectionString,
        ["McpOrchestrator__ApiKey"] = ApiKey,
    });

    public async Task<IssuedToken> IssueAsync(string name, string[] scopes, FunctionsAppProcess? service = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/tokens") { Content = JsonContent.Create(new { name, scopes }) };
        request.Headers.Add("X-API-Key", ApiKey);
        using var response = await (service ?? Service).Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<IssuedToken>(new JsonSerializerOptions(JsonSerializerDefaults.Web)))!;
    }

    /// <summary>An expired token can't be issued over HTTP (expiry must be in the future), so it is issued through
    /// Core on the same storage with a clock set in the past.</summary>
    private async Task<string> IssueExpiredTokenAsync()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow.AddDays(-2));
        var services = new ServiceCollection()
            .AddSingleton<TimeProvider>(clock)
            .AddLogging();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = Azurite.ConnectionString,
        }).Build();
        services.AddTableStorage(configuration).AddAccess(configuration);
        await using var provider = services.BuildServiceProvider();
        var issued = await provider.GetRequiredService<TokenService>().IssueAsync(
            new CreateTokenRequest { Name = "matrix-expired", Scopes = [Scopes.Admin], ExpiresAt = clock.GetUtcNow().AddDays(1) },
            new Principal("apiKey", "api-key", "API key", Scopes.All),
            CancellationToken.None);
        return issued.Token;
    }
}
