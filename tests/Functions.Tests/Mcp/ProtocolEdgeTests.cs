using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace McpOrchestrator.Functions.Tests.Mcp;

/// <summary><c>/mcp</c> at the HTTP level, for what a careless or hostile client sends: every refusal has the JSON-RPC
/// code the spec gives or a problem+json with a stable code, never a 500.</summary>
public sealed class ProtocolEdgeTests(McpEndpointFixture fixture) : IClassFixture<McpEndpointFixture>
{
    [Theory]
    [InlineData("{\"jsonrpc\":\"2.0\",", -32700)]
    [InlineData("", -32700)]
    [InlineData("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}]", -32600)]
    [InlineData("42", -32600)]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"no/such-method\"}", -32601)]
    [InlineData("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"no-such-tool\"}}", -32602)]
    public async Task MalformedJsonRpc_GetsTheSpecsErrorCode(string body, int code)
    {
        using var response = await PostAsync(body, fixture.AgentToken);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode is 200 or 400 or 404, $"{(int)response.StatusCode}: {text}");
        Assert.Equal(code, ErrorOf(text).GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task WithoutCredentials_401PointsAtTheProtectedResourceMetadata_WhichSaysWhatIsAccepted()
    {
        using var response = await PostAsync("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", token: null);
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        var metadataUrl = System.Text.RegularExpressions.Regex.Match(challenge.Parameter!, "resource_metadata=\"([^\"]+)\"").Groups[1].Value;
        using var metadata = JsonDocument.Parse(await fixture.Live.Service.Client.GetStringAsync(new Uri(metadataUrl).PathAndQuery));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.EndsWith("/.well-known/oauth-protected-resource/mcp", metadataUrl, StringComparison.Ordinal);
        Assert.Equal(fixture.Endpoint.ToString(), metadata.RootElement.GetProperty("resource").GetString());
        Assert.Equal(0, metadata.RootElement.GetProperty("authorization_servers").GetArrayLength());
        Assert.Contains("tools", metadata.RootElement.GetProperty("scopes_supported").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task AToolCallWithoutTheScope_Is403_WithTheScopeChallenge()
    {
        using var response = await PostAsync("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"publish\",\"arguments\":{}}}", fixture.AgentToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("error=\"insufficient_scope\", scope=\"write\"", Assert.Single(response.Headers.WwwAuthenticate).Parameter, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://evil.example", HttpStatusCode.Forbidden)]
    [InlineData("http://localhost:6274", HttpStatusCode.OK)]
    public async Task Origin_IsCheckedAgainstTheAllowlist(string origin, HttpStatusCode expected)
    {
        using var response = await PostAsync("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}", fixture.AgentToken, origin);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task AnOversizedBody_Is413_WithoutReadingIt()
    {
        var big = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\",\"params\":{\"pad\":\"" + new string('x', 300 * 1024) + "\"}}";

        using var response = await PostAsync(big, fixture.AgentToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task GetAndDelete_Are405_ForAStatelessEndpoint()
    {
        foreach (var method in new[] { HttpMethod.Get, HttpMethod.Delete })
        {
            using var request = new HttpRequestMessage(method, "/mcp");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fixture.AgentToken);
            request.Headers.Accept.ParseAdd("text/event-stream");
            using var response = await fixture.Live.Service.Client.SendAsync(request);

            Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
            Assert.Contains("POST", response.Content.Headers.Allow);
        }
    }

    private async Task<HttpResponseMessage> PostAsync(string body, string? token, string? origin = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.Add("MCP-Protocol-Version", "2025-11-25");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        return await fixture.Live.Service.Client.SendAsync(request);
    }

    /// <summary>The JSON-RPC error of a response, whether written as JSON or as one SSE event.</summary>
    private static JsonElement ErrorOf(string text)
    {
        var json = text.StartsWith('{') ? text : text.Split('\n').First(l => l.StartsWith("data: ", StringComparison.Ordinal))["data: ".Length..];
        return JsonDocument.Parse(json).RootElement.GetProperty("error").Clone();
    }
}
