using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using McpOrchestrator.Core.Access;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Functions.Tests;

/// <summary>Tokens over HTTP, end to end: issue, use, list, revoke, restart.</summary>
public sealed class TokenLifecycleTests(AccessFixture fixture) : IClassFixture<AccessFixture>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task FullLifecycle_WorksOverHttp_AndNoSecretReachesTheLogs()
    {
        var issued = await fixture.IssueAsync("lifecycle", [Scopes.Admin]);
        Assert.StartsWith("mcpo_", issued.Token, StringComparison.Ordinal);

        using (var list = Authorized(HttpMethod.Get, "/v1/tokens", issued.Token))
        using (var response = await fixture.Service.Client.SendAsync(list))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain(issued.Token, text, StringComparison.Ordinal);
            using var body = JsonDocument.Parse(text);
            var mine = body.RootElement.GetProperty("tokens").EnumerateArray().Single(t => t.GetProperty("id").GetString() == issued.Id);
            Assert.Equal("lifecycle", mine.GetProperty("name").GetString());
            Assert.False(mine.TryGetProperty("token", out _));
        }

        using (var revoke = Authorized(HttpMethod.Delete, $"/v1/tokens/{issued.Id}", fixture.ApiKey, apiKey: true))
        using (var response = await fixture.Service.Client.SendAsync(revoke))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using (var after = Authorized(HttpMethod.Get, "/v1/tokens", issued.Token))
        using (var response = await fixture.Service.Client.SendAsync(after))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        await fixture.Service.WaitForLineAsync($@"Executed 'Functions\.RevokeToken' \(Succeeded");
        Assert.DoesNotContain(issued.Token, fixture.Service.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(issued.Token[5..], fixture.Service.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(fixture.ApiKey, fixture.Service.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tokens_SurviveARestart_AndARevokedTokenStaysRevoked()
    {
        await using var first = await fixture.StartServiceAsync();
        var kept = await fixture.IssueAsync("survivor", [Scopes.Admin], first);
        var revoked = await fixture.IssueAsync("revoked-before-restart", [Scopes.Admin], first);
        using (var revoke = Authorized(HttpMethod.Delete, $"/v1/tokens/{revoked.Id}", fixture.ApiKey, apiKey: true))
        using (var response = await first.Client.SendAsync(revoke))
        {
            response.EnsureSuccessStatusCode();
        }

        await first.DisposeAsync();
        await using var second = await fixture.StartServiceAsync();

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(second, kept.Token));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(second, revoked.Token));
    }

    [Fact]
    public async Task CreateToken_BadInput_IsAProblemAndNothingIsStored()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/tokens") { Content = JsonContent.Create(new { name = "bad", scopes = new[] { "root" } }) };
        request.Headers.Add("X-API-Key", fixture.ApiKey);

        using var response = await fixture.Service.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("invalid_scope", problem.RootElement.GetProperty("code").GetString());
        using var list = Authorized(HttpMethod.Get, "/v1/tokens", fixture.ApiKey, apiKey: true);
        using var listed = await fixture.Service.Client.SendAsync(list);
        var tokens = await listed.Content.ReadFromJsonAsync<JsonElement>(Json);
        Assert.DoesNotContain(tokens.GetProperty("tokens").EnumerateArray(), t => t.GetProperty("name").GetString() == "bad");
    }

    [Theory]
    [InlineData("text/plain", "{\"name\":\"x\",\"scopes\":[\"read\"]}", 415, "unsupported_media_type")]
    [InlineData("application/json", "{\"name\":\"x\",\"scopes\":[\"read\"],\"admin\":true}", 400, "unknown_field")]
    [InlineData("application/json", "{\"name\":", 400, "invalid_json")]
    public async Task CreateToken_MalformedBodies_AreProblems(string contentType, string body, int status, string code)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/tokens") { Content = new StringContent(body, System.Text.Encoding.UTF8, contentType) };
        request.Headers.Add("X-API-Key", fixture.ApiKey);

        using var response = await fixture.Service.Client.SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(code, problem.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task CreateToken_BodyOver256KiB_Is413()
    {
        var huge = "{\"name\":\"" + new string('x', 300 * 1024) + "\",\"scopes\":[\"read\"]}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/tokens") { Content = new StringContent(huge, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("X-API-Key", fixture.ApiKey);

        using var response = await fixture.Service.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("payload_too_large", problem.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task BadCredential_IsRefusedBeforeTheBodyIsRead()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/tokens") { Content = new StringContent("not json at all", System.Text.Encoding.UTF8, "text/plain") };

        using var response = await fixture.Service.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static async Task<HttpStatusCode> StatusAsync(FunctionsAppProcess service, string token)
    {
        using var request = Authorized(HttpMethod.Get, "/v1/tokens", token);
        using var response = await service.Client.SendAsync(request);
        return response.StatusCode;
    }

    private static HttpRequestMessage Authorized(HttpMethod method, string path, string credential, bool apiKey = false)
    {
        var request = new HttpRequestMessage(method, path);
        if (apiKey)
        {
            request.Headers.Add("X-API-Key", credential);
        }
        else
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + credential);
        }

        return request;
    }
}
