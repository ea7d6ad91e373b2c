using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace McpOrchestrator.Functions.Tests;

/// <summary>A probe starts servers and opens connections from the service's host, so it needs scope write; a plain
/// validation needs read.</summary>
public sealed class ProbeScopeTests(AccessFixture fixture) : IClassFixture<AccessFixture>
{
    [Fact]
    public async Task Validate_ProbeWithReadToken_403InsufficientScope_WithoutProbe200()
    {
        // An inline stdio entry: with write the probe skips it (nothing is started, nothing leaves the machine).
        var content = """{"mcpServers":{"inline":{"command":"sh","args":["-c","true"]}}}""";
        await new ApiClient(fixture.Service, fixture.ApiKey).ExpectAsync(HttpMethod.Post, "/v1/config/cursor/default/draft/import", new { content }, 200);

        var (probeStatus, probeBody) = await ValidateAsync(fixture.TokenFor["read"], new { probe = true });
        var (plainStatus, _) = await ValidateAsync(fixture.TokenFor["read"], new { probe = false });
        var (writeStatus, writeBody) = await ValidateAsync(fixture.TokenFor["write"], new { probe = true });

        Assert.Equal(403, probeStatus);
        Assert.Equal("insufficient_scope", probeBody!["code"]!.GetValue<string>());
        Assert.Contains("probe", probeBody["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(200, plainStatus);
        Assert.Equal(200, writeStatus);
        var probe = Assert.Single(writeBody!["probes"]!.AsArray())!;
        Assert.True(probe["skipped"]!.GetValue<bool>());
        Assert.Equal("command_not_allowed", probe["failureKind"]!.GetValue<string>());
        Assert.Contains(writeBody["warnings"]!.AsArray(), w => w!["code"]!.GetValue<string>() == "probe_skipped");
    }

    private async Task<(int Status, JsonNode? Body)> ValidateAsync(string token, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/config/cursor/default/validate") { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", token);
        using var response = await fixture.Service.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }
}
