using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace McpOrchestrator.LocalRuntime.Tests;

public sealed class HttpBindingTests : IAsyncLifetime
{
    private RuntimeHost _runtime = null!;

    public async Task InitializeAsync() => _runtime = await RuntimeHost.StartAsync(b => Microsoft.Extensions.Hosting.MiddlewareWorkerApplicationBuilderExtensions.UseMiddleware<TestApp.RecordingMiddleware>(b));

    public async Task DisposeAsync() => await _runtime.DisposeAsync();

    [Fact]
    public async Task RouteAndQueryValues_BindByName_WithRoutePrefixFromHostJson()
    {
        using var response = await _runtime.Client.GetAsync("/api/items/42?verbose=true&tag=a%20b");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(42, body.RootElement.GetProperty("id").GetInt32());
        Assert.True(body.RootElement.GetProperty("verbose").GetBoolean());
        Assert.Equal("a b", body.RootElement.GetProperty("tag").GetString());
        Assert.Equal("/api/items/42", body.RootElement.GetProperty("path").GetString());
        Assert.Equal("GetItem", body.RootElement.GetProperty("function").GetString());
    }

    [Fact]
    public async Task MissingOptionalQueryValue_BindsDefault()
    {
        using var response = await _runtime.Client.GetAsync("/api/items/7");

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(body.RootElement.GetProperty("verbose").GetBoolean());
        Assert.Equal(JsonValueKind.Null, body.RootElement.GetProperty("tag").ValueKind);
    }

    [Fact]
    public async Task MalformedQueryValue_Answers400Problem()
    {
        using var response = await _runtime.Client.GetAsync("/api/items/7?verbose=maybe");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("invalid_request", body.RootElement.GetProperty("code").GetString());
        Assert.Contains("verbose", body.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RouteConstraintMismatch_Answers404Problem()
    {
        using var response = await _runtime.Client.GetAsync("/api/items/not-a-number");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("route_not_found", body.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task FromBody_BindsJson_AndIResultIsExecuted()
    {
        using var response = await _runtime.Client.PostAsJsonAsync("/api/items", new { name = "widget", quantity = 3 });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/api/items/widget", response.Headers.Location?.OriginalString);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("widget", body.RootElement.GetProperty("name").GetString());
        Assert.Equal(3, body.RootElement.GetProperty("quantity").GetInt32());
    }

    [Fact]
    public async Task FromBody_MalformedJson_Answers400Problem()
    {
        using var content = new StringContent("{\"name\": ", Encoding.UTF8, "application/json");
        using var response = await _runtime.Client.PostAsync("/api/items", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task TriggerWithoutRoute_IsServedAtItsFunctionName()
    {
        using var response = await _runtime.Client.GetAsync("/api/DefaultRoute");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("default route", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WrongMethod_Answers405ProblemWithAllow()
    {
        using var response = await _runtime.Client.DeleteAsync("/api/items/1");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("GET", response.Content.Headers.Allow);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("method_not_allowed", body.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task UnknownRoute_Answers404Problem()
    {
        using var response = await _runtime.Client.GetAsync("/nowhere");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ThrowingFunction_Answers500ProblemWithoutInternals_AndLogsInvocationId()
    {
        using var response = await _runtime.Client.GetAsync("/api/boom");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("AccountKey", text, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperationException", text, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(text);
        var invocationId = body.RootElement.GetProperty("invocationId").GetString()!;
        Assert.Contains(_runtime.Logs.Lines, line => line.Message.Contains($"(Failed, Id={invocationId}", StringComparison.Ordinal) && line.Exception is not null);

        using var after = await _runtime.Client.GetAsync("/api/items/1");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task ClientGoingAway_CancelsTheFunctionsToken()
    {
        using var cts = new CancellationTokenSource();
        var request = _runtime.Client.GetAsync("/api/wait", cts.Token);
        await _runtime.Signals.WaitStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await cts.CancelAsync();

        await _runtime.Signals.WaitCancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
    }

    [Fact]
    public async Task Invocation_IsLoggedLikeFunc_AndRunsThroughWorkerMiddleware()
    {
        using var response = await _runtime.Client.GetAsync("/api/items/5");

        var invocationId = Assert.Single(response.Headers.GetValues("X-Invocation-Id"));
        Assert.True(_runtime.Signals.MiddlewareSawInvocations.Reader.TryRead(out var seen));
        Assert.Equal(invocationId, seen);
        var lines = _runtime.Logs.Lines.Select(l => l.Message).ToList();
        Assert.Contains(lines, l => l.StartsWith("Executing 'Functions.GetItem' (Reason=", StringComparison.Ordinal) && l.EndsWith($"Id={invocationId})", StringComparison.Ordinal));
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, $@"^Executed 'Functions.GetItem' \(Succeeded, Id={invocationId}, Duration=\d+ms\)$"));
    }
}
