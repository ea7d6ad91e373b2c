using System.Net;

namespace McpOrchestrator.LocalRuntime.Tests;

[Collection(EnvironmentCollection.Name)]
public sealed class CorsTests
{
    private const string Allowed = "https://allowed.example";

    [Fact]
    public async Task Preflight_FromListedOrigin_IsAnswered()
    {
        using var app = new TestAppDirectory(localSettings: $$"""{ "Host": { "CORS": "{{Allowed}}, https://second.example" } }""");
        await using var runtime = await RuntimeHost.StartAsync(appDirectory: app.Path);

        using var response = await runtime.Client.SendAsync(Preflight("/api/items/1", Allowed, "authorization,x-api-key,if-match"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(Allowed, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        var allowedHeaders = string.Join(',', response.Headers.GetValues("Access-Control-Allow-Headers")).ToLowerInvariant();
        Assert.Contains("authorization", allowedHeaders, StringComparison.Ordinal);
        Assert.Contains("x-api-key", allowedHeaders, StringComparison.Ordinal);
        Assert.Contains("if-match", allowedHeaders, StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task Request_FromUnlistedOrigin_GetsNoCorsHeaders()
    {
        using var app = new TestAppDirectory(localSettings: $$"""{ "Host": { "CORS": "{{Allowed}}" } }""");
        await using var runtime = await RuntimeHost.StartAsync(appDirectory: app.Path);

        using var preflight = await runtime.Client.SendAsync(Preflight("/api/items/1", "https://evil.example", "authorization"));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/items/1");
        request.Headers.Add("Origin", "https://evil.example");
        using var simple = await runtime.Client.SendAsync(request);

        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(simple.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task HostCorsEnvironmentVariable_OverridesLocalSettings()
    {
        using var app = new TestAppDirectory(localSettings: $$"""{ "Host": { "CORS": "{{Allowed}}" } }""");
        Environment.SetEnvironmentVariable("Host__CORS", "https://override.example,https://other.example");
        try
        {
            await using var runtime = await RuntimeHost.StartAsync(appDirectory: app.Path);

            using var overridden = await runtime.Client.SendAsync(Preflight("/api/items/1", "https://other.example", "content-type"));
            using var replaced = await runtime.Client.SendAsync(Preflight("/api/items/1", Allowed, "content-type"));

            Assert.Equal("https://other.example", Assert.Single(overridden.Headers.GetValues("Access-Control-Allow-Origin")));
            Assert.False(replaced.Headers.Contains("Access-Control-Allow-Origin"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("Host__CORS", null);
        }
    }

    [Fact]
    public async Task WildcardWithCredentials_IsRefusedAtStart()
    {
        using var app = new TestAppDirectory(localSettings: """{ "Host": { "CORS": "*", "CORSCredentials": true } }""");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => RuntimeHost.StartAsync(appDirectory: app.Path));

        Assert.Contains("List the allowed origins", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListedOriginsWithCredentials_EchoTheOriginAndAllowCredentials()
    {
        using var app = new TestAppDirectory(localSettings: $$"""{ "Host": { "CORS": "{{Allowed}}", "CORSCredentials": true } }""");
        await using var runtime = await RuntimeHost.StartAsync(appDirectory: app.Path);

        using var response = await runtime.Client.SendAsync(Preflight("/api/items/1", Allowed, "authorization"));

        Assert.Equal(Allowed, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Equal("true", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Credentials")));
    }

    private static HttpRequestMessage Preflight(string path, string origin, string headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "GET");
        request.Headers.Add("Access-Control-Request-Headers", headers);
        return request;
    }
}
