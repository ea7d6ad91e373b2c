using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace McpOrchestrator.LocalHost.Tests.Http;

public sealed class HttpTriggerTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private HttpClient Client => fixture.Run.Client;

    [Fact]
    public async Task Get_IntConstraintMatches_RoutesToTheConstrainedFunction()
    {
        var body = await GetJsonAsync("/api/items/42");

        Assert.Equal("byId", body.GetProperty("route").GetString());
        Assert.Equal(42, body.GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task Get_IntConstraintFails_FallsToTheUnconstrainedRoute()
    {
        var body = await GetJsonAsync("/api/items/abc");

        Assert.Equal("byName", body.GetProperty("route").GetString());
        Assert.Equal("abc", body.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Get_CatchAll_BindsTheRestOfThePath()
    {
        var body = await GetJsonAsync("/api/files/a/b/c.txt");

        Assert.Equal("a/b/c.txt", body.GetProperty("path").GetString());
    }

    [Fact]
    public async Task Post_BodyAndQuery_ReachTheFunctionWithItsInvocationId()
    {
        using var content = new StringContent("""{"x":1}""", Encoding.UTF8, "application/json");

        var response = await Client.PostAsync(new Uri("/api/echo?tag=t%201", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("t 1", body.GetProperty("tag").GetString());
        Assert.Equal("""{"x":1}""", body.GetProperty("body").GetString());
        Assert.StartsWith("application/json", body.GetProperty("contentType").GetString(), StringComparison.Ordinal);
        Assert.True(body.GetProperty("invocationHeader").GetBoolean());
    }

    [Fact]
    public async Task Get_UnknownRoute_Is404ProblemJson()
    {
        var response = await Client.GetAsync(new Uri("/api/nothing-here", UriKind.Relative));

        var problem = await AssertProblemAsync(response, HttpStatusCode.NotFound, "route_not_found");
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Get_RouteWithoutPrefix_Is404()
    {
        var response = await Client.GetAsync(new Uri("/hello", UriKind.Relative));

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "route_not_found");
    }

    [Fact]
    public async Task Put_RouteServingOtherMethods_Is405WithAllow()
    {
        using var content = new StringContent("x");
        var response = await Client.PutAsync(new Uri("/api/items/7", UriKind.Relative), content);

        await AssertProblemAsync(response, HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        var allow = string.Join(',', response.Content.Headers.Allow);
        Assert.Contains("GET", allow, StringComparison.Ordinal);
        Assert.Contains("DELETE", allow, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_ThrowingFunction_Is500ProblemWithoutExceptionDetails()
    {
        var response = await Client.GetAsync(new Uri("/api/throw", UriKind.Relative));

        var problem = await AssertProblemAsync(response, HttpStatusCode.InternalServerError, "function_failed");
        Assert.DoesNotContain("secret-internal-detail", problem.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", problem.GetRawText(), StringComparison.Ordinal);
        var id = problem.GetProperty("invocationId").GetString()!;

        // The cause is logged with the invocation id, for whoever runs the host.
        var line = await fixture.Run.App.WaitForLineAsync($@"Executed 'Functions\.Throws' \(Failed, Id={id}");
        Assert.Contains("secret-internal-detail", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_ContentLengthOverTheLimit_Is413ProblemWithoutReachingTheWorker()
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, fixture.Run.App.Port);
        var stream = socket.GetStream();
        var request = $"POST /api/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\nContent-Length: {(200L * 1024 * 1024).ToString(CultureInfo.InvariantCulture)}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));

        using var reader = new StreamReader(stream, Encoding.ASCII);
        var status = await reader.ReadLineAsync();
        Assert.Equal("HTTP/1.1 413 Payload Too Large", status);
        string? line;
        var contentType = string.Empty;
        while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync()))
        {
            if (line.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase))
            {
                contentType = line;
            }
        }

        Assert.Contains("application/problem+json", contentType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_RequestTargetOverTheLimit_Is414Problem()
    {
        var query = new string('q', 9 * 1024);
        using var response = await Client.GetAsync(new Uri($"/api/hello?q={query}", UriKind.Relative));

        var problem = await AssertProblemAsync(response, HttpStatusCode.RequestUriTooLong, "uri_too_long");
        Assert.Contains("at most 8192", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_HeadersOverTheLimit_Is431Problem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/hello", UriKind.Relative));
        for (var i = 0; i < 5; i++)
        {
            request.Headers.Add($"X-Large-{i}", new string('h', 7 * 1024));
        }

        using var response = await Client.SendAsync(request);

        var problem = await AssertProblemAsync(response, HttpStatusCode.RequestHeaderFieldsTooLarge, "request_headers_too_large");
        Assert.Contains("at most 32768", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_UnderTheLimits_IsServed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/api/hello?q={new string('q', 7 * 1024)}", UriKind.Relative));
        request.Headers.Add("X-Large", new string('h', 24 * 1024));

        using var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>What the host cannot shape, as the README documents: Kestrel refuses a malformed request before any
    /// middleware runs, with an empty body.</summary>
    [Fact]
    public async Task Post_DuplicateContentLength_IsKestrels400()
    {
        using var socket = new TcpClient();
        await socket.ConnectAsync(IPAddress.Loopback, fixture.Run.App.Port);
        var stream = socket.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("POST /api/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nhi"));

        using var reader = new StreamReader(stream, Encoding.ASCII);
        Assert.Equal("HTTP/1.1 400 Bad Request", await reader.ReadLineAsync());
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        var response = await Client.GetAsync(new Uri(path, UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    internal static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("type").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        return problem;
    }
}
