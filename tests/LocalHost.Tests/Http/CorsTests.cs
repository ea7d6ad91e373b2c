using System.Net;

namespace McpOrchestrator.LocalHost.Tests.Http;

public sealed class CorsTests : IAsyncLifetime
{
    private const string Allowed = "http://allowed.example";
    private LocalHostRun? _host;

    private HttpClient Client => _host!.Client;

    public async Task InitializeAsync() =>
        _host = await LocalHostRun.StartAsync(new Dictionary<string, string>
        {
            ["Host__CORS"] = $"{Allowed}, http://other.example",
            ["Host__CORSCredentials"] = "true",
        });

    public async Task DisposeAsync() => await _host!.DisposeAsync();

    [Fact]
    public async Task Preflight_AllowedOrigin_AnswersWithTheOriginAndCredentials()
    {
        using var request = Preflight(Allowed, "POST");

        var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(Allowed, Single(response, "Access-Control-Allow-Origin"));
        Assert.Equal("true", Single(response, "Access-Control-Allow-Credentials"));
        Assert.Contains("POST", Single(response, "Access-Control-Allow-Methods"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preflight_RefusedOrigin_HasNoCorsHeaders()
    {
        using var request = Preflight("http://evil.example", "POST");

        var response = await Client.SendAsync(request);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.DoesNotContain("Executing 'Functions.Echo'", _host!.App.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SimpleRequest_AllowedOrigin_GetsTheFunctionsAnswerWithCorsHeaders()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/hello");
        request.Headers.Add("Origin", Allowed);

        var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("hello", await response.Content.ReadAsStringAsync());
        Assert.Equal(Allowed, Single(response, "Access-Control-Allow-Origin"));
        Assert.Equal("true", Single(response, "Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task SimpleRequest_RefusedOrigin_IsServedWithoutCorsHeaders()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/hello");
        request.Headers.Add("Origin", "http://evil.example");

        var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static HttpRequestMessage Preflight(string origin, string method)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/echo");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return request;
    }

    private static string Single(HttpResponseMessage response, string header) =>
        Assert.Single(response.Headers.GetValues(header));
}
