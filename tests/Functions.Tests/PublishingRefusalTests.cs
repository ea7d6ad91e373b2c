namespace McpOrchestrator.Functions.Tests;

/// <summary>Publishing's precise refusals, on a fresh storage account without signing keys.</summary>
public sealed class PublishingRefusalTests(AccessFixture fixture) : IClassFixture<AccessFixture>
{
    private ApiClient Api => new(fixture.Service, fixture.ApiKey);

    [Fact]
    public async Task Refusals_AreClearProblems()
    {
        await Api.ExpectAsync(HttpMethod.Put, "/v1/clients/claude-desktop/profiles/nokeys", null, 201);
        await Api.ExpectAsync(HttpMethod.Post, "/v1/config/claude-desktop/nokeys/draft/add", new { serverId = "memory" }, 201);

        await ExpectProblemAsync(HttpMethod.Post, "/v1/config/claude-desktop/nokeys/publish", new { }, 409, "keys_not_initialized");
        Assert.False((await Api.GetAsync("/health"))["checks"]!["signing"]!["present"]!.GetValue<bool>());

        await Api.ExpectAsync(HttpMethod.Post, "/v1/keys/initialize", new { }, 201);
        await ExpectProblemAsync(HttpMethod.Post, "/v1/config/claude-desktop/never-created/publish", new { }, 404, "profile_not_found");
        await ExpectProblemAsync(HttpMethod.Post, "/v1/config/nope/default/publish", new { }, 404, "client_not_found");
        await ExpectProblemAsync(HttpMethod.Get, "/v1/pipelines/0123456789abcdef0123456789abcdef", null, 404, "pipeline_not_found");
        await ExpectProblemAsync(HttpMethod.Post, "/v1/config/claude-desktop/nokeys/deploy", new { }, 404, "nothing_published");
        await ExpectProblemAsync(HttpMethod.Get, "/v1/config/claude-desktop/nokeys", null, 404, "nothing_deployed");

        var (_, management, started) = await Api.SendAsync(HttpMethod.Post, "/v1/config/claude-desktop/nokeys/publish", new { });
        started.Dispose();
        var id = management!["id"]!.GetValue<string>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while ((await Api.SendAsync(HttpMethod.Get, $"/v1/pipelines/{id}")).Status != 200)
        {
            await Task.Delay(100, deadline.Token);
        }

        await ExpectProblemAsync(HttpMethod.Post, $"/v1/pipelines/{id}/terminate", null, 409, "pipeline_finished");
    }

    private async Task ExpectProblemAsync(HttpMethod method, string path, object? body, int status, string code)
    {
        var (actual, problem, response) = await Api.SendAsync(method, path, body);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        response.Dispose();
        Assert.True(actual == status, $"{method} {path}: expected {status} {code}, got {actual} {problem?.ToJsonString()}");
        Assert.Equal("application/problem+json", mediaType);
        Assert.Equal(code, problem!["code"]!.GetValue<string>());
    }
}
