using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using McpOrchestrator.Core.Canonical;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Functions.Tests;

/// <summary>Publishing as a user does it over HTTP: keys, publish through the Durable pipeline, poll, verify the
/// signature with an independent JOSE implementation (npm jose), deploy, roll back, history, probes.</summary>
public sealed class PublishingEndToEndTests(AccessFixture fixture) : IClassFixture<AccessFixture>
{
    private ApiClient Api => new(fixture.Service, fixture.ApiKey);

    [Fact]
    public async Task PublishDeployVerifyRollBack()
    {
        var (_, existing, r0) = await Api.SendAsync(HttpMethod.Post, "/v1/keys/initialize", new { });
        r0.Dispose();
        var (again, conflict, r1) = await Api.SendAsync(HttpMethod.Post, "/v1/keys/initialize", new { });
        r1.Dispose();
        Assert.Equal(409, again);
        Assert.Equal("keys_already_initialized", conflict!["code"]!.GetValue<string>());

        await Api.ExpectAsync(HttpMethod.Put, "/v1/clients/claude-desktop/profiles/release", null, 201);
        await Api.ExpectAsync(HttpMethod.Post, "/v1/config/claude-desktop/release/draft/add", new { serverId = "memory" }, 201);
        await Api.ExpectAsync(HttpMethod.Post, "/v1/config/claude-desktop/release/draft/add", new { serverId = "filesystem", @params = new { path = "/srv/data" } }, 201);

        var first = await PublishAsync("claude-desktop", "release", new { deploy = true, changelog = "first release" });
        Assert.Equal("published", first["outcome"]!.GetValue<string>());
        Assert.Equal(1, first["version"]!.GetValue<int>());
        Assert.True(first["deployed"]!.GetValue<bool>());

        var deployed = await Api.GetAsync("/v1/config/claude-desktop/release");
        Assert.Equal(1, deployed["version"]!.GetValue<int>());
        Assert.Contains("mcpServers", deployed["rendered"]!.GetValue<string>(), StringComparison.Ordinal);
        var recomputed = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(JsonCanonicalizer.Canonicalize(deployed["payload"])));
        Assert.Equal(deployed["artifactId"]!.GetValue<string>(), recomputed);

        var jwks = await Api.GetAsync("/v1/keys");
        var verified = await JoseAsync("verify", new JsonObject { ["jwks"] = jwks.DeepClone(), ["jws"] = deployed["signature"]!.GetValue<string>() });
        Assert.True(verified["ok"]!.GetValue<bool>(), verified.ToJsonString());
        var claims = JsonNode.Parse(verified["payload"]!.GetValue<string>())!;
        Assert.Equal(recomputed, claims["artifactId"]!.GetValue<string>());
        Assert.Equal(("claude-desktop", "release", 1), (claims["clientId"]!.GetValue<string>(), claims["profileId"]!.GetValue<string>(), claims["version"]!.GetValue<int>()));
        Assert.Equal(deployed["kid"]!.GetValue<string>(), verified["header"]!["kid"]!.GetValue<string>());

        await Api.ExpectAsync(HttpMethod.Post, "/v1/config/claude-desktop/release/draft/add", new { serverId = "time" }, 201);
        var second = await PublishAsync("claude-desktop", "release", new { changelog = "adds time" });
        Assert.Equal(2, second["version"]!.GetValue<int>());
        Assert.False(second["deployed"]!.GetValue<bool>());
        Assert.Equal(1, (await Api.GetAsync("/v1/config/claude-desktop/release"))["version"]!.GetValue<int>());
        Assert.Equal(2, (await Api.GetAsync("/v1/config/claude-desktop/release?version=2"))["version"]!.GetValue<int>());

        await Api.ExpectAsync(HttpMethod.Post, "/v1/config/claude-desktop/release/deploy", new { version = 2 }, 200);
        Assert.Equal(2, (await Api.GetAsync("/v1/config/claude-desktop/release"))["version"]!.GetValue<int>());
        var rollback = await Api.ExpectAsync(HttpMethod.Post, "/v1/config/claude-desktop/release/deploy", new { version = 1 }, 200);
        Assert.True(rollback["isRollback"]!.GetValue<bool>());
        Assert.Equal(1, (await Api.GetAsync("/v1/config/claude-desktop/release"))["version"]!.GetValue<int>());

        var history = await Api.GetAsync("/v1/config/claude-desktop/release/history");
        Assert.Equal([2, 1], history["artifacts"]!.AsArray().Select(a => a!["version"]!.GetValue<int>()));
        Assert.Equal([1, 2, 1], history["deployments"]!.AsArray().Select(d => d!["version"]!.GetValue<int>()));

        var (missing, problem, r2) = await Api.SendAsync(HttpMethod.Post, "/v1/config/claude-desktop/release/deploy", new { version = 9 });
        r2.Dispose();
        Assert.Equal(404, missing);
        Assert.Equal("version_not_found", problem!["code"]!.GetValue<string>());
        _ = existing;
    }

    [Fact]
    public async Task PublishingAnEmptyDraft_IsRejected_AndCreatesNoVersion()
    {
        await EnsureKeyAsync();
        await Api.ExpectAsync(HttpMethod.Put, "/v1/clients/cursor/profiles/empty", null, 201);

        var output = await PublishAsync("cursor", "empty", new { deploy = true });

        Assert.Equal("rejected", output["outcome"]!.GetValue<string>());
        Assert.Contains(output["validation"]!["errors"]!.AsArray(), e => e!["code"]!.GetValue<string>() == "empty_config");
        var history = await Api.GetAsync("/v1/config/cursor/empty/history");
        Assert.Empty(history["artifacts"]!.AsArray());
        var (status, _, r) = await Api.SendAsync(HttpMethod.Get, "/v1/config/cursor/empty");
        r.Dispose();
        Assert.Equal(404, status);
    }

    [Fact]
    public async Task ValidateWithProbe_ReportsTheLiveServerAndTheUnreachableOne()
    {
        var everything = Path.Combine(RepositoryPaths.Root, "node_modules", "@modelcontextprotocol", "server-everything", "dist", "index.js");
        await Api.ExpectAsync(HttpMethod.Put, "/v1/servers/everything-local", new { name = "Everything (local)", transport = "stdio", command = "node", args = new[] { everything, "stdio" } }, 201);
        await Api.ExpectAsync(HttpMethod.Put, "/v1/servers/nowhere", new { name = "Nowhere", transport = "http", url = $"http://127.0.0.1:{FreePort.Next()}/mcp" }, 201);
        await Api.ExpectAsync(HttpMethod.Put, "/v1/clients/cursor/profiles/probed", null, 201);
        await Api.ExpectAsync(HttpMethod.Post, "/v1/config/cursor/probed/draft/add", new { serverId = "everything-local" }, 201);
        await Api.ExpectAsync(HttpMethod.Post, "/v1/config/cursor/probed/draft/add", new { serverId = "nowhere" }, 201);

        var report = await Api.ExpectAsync(HttpMethod.Post, "/v1/config/cursor/probed/validate", new { probe = true }, 200);

        var probes = report["probes"]!.AsArray();
        var ok = probes.Single(p => p!["server"]!.GetValue<string>() == "everything-local")!;
        Assert.True(ok["ok"]!.GetValue<bool>(), ok.ToJsonString());
        Assert.True(ok["toolCount"]!.GetValue<int>() > 0);
        var failed = probes.Single(p => p!["server"]!.GetValue<string>() == "nowhere")!;
        Assert.False(failed["ok"]!.GetValue<bool>());
        Assert.False(report["valid"]!.GetValue<bool>());
        Assert.Contains(report["errors"]!.AsArray(), e => e!["code"]!.GetValue<string>() == "probe_failed" && e["server"]!.GetValue<string>() == "nowhere");
    }

    [Fact]
    public async Task Publish_LinksNeverFollowTheCallersHostHeader()
    {
        // Regression (issue 15, item D): Location and the management URIs were built from the request's Host.
        await EnsureKeyAsync();
        await Api.ExpectAsync(HttpMethod.Put, "/v1/clients/cursor/profiles/hosted", null, 201);
        await Api.ExpectAsync(HttpMethod.Post, "/v1/config/cursor/hosted/draft/add", new { serverId = "memory" }, 201);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/config/cursor/hosted/publish")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { }),
        };
        request.Headers.Add("X-API-Key", fixture.ApiKey);
        request.Headers.Host = "evil.example";
        request.Headers.Add("X-Forwarded-Host", "evil.example");
        request.Headers.Add("X-Forwarded-Proto", "https");

        using var response = await fixture.Service.Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        Assert.DoesNotContain("evil.example", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.DoesNotContain("evil.example", body, StringComparison.Ordinal);
    }

    private async Task EnsureKeyAsync()
    {
        var (status, _, response) = await Api.SendAsync(HttpMethod.Post, "/v1/keys/initialize", new { });
        response.Dispose();
        Assert.True(status is 201 or 409);
    }

    /// <summary>Starts the pipeline and follows its status URI (honouring 202 + Retry-After) until it has finished.</summary>
    private async Task<JsonNode> PublishAsync(string client, string profile, object body)
    {
        var (status, management, response) = await Api.SendAsync(HttpMethod.Post, $"/v1/config/{client}/{profile}/publish", body);
        var location = response.Headers.Location!;
        response.Dispose();
        Assert.Equal(202, status);
        Assert.Equal(management!["statusQueryGetUri"]!.GetValue<string>(), location.OriginalString);
        Assert.False(location.IsAbsoluteUri, "without McpOrchestrator__PublicBaseUrl the service links relative to its root, never to the caller's Host");
        Assert.StartsWith("/v1/pipelines/", location.OriginalString, StringComparison.Ordinal);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var (pollStatus, pipeline, poll) = await Api.SendAsync(HttpMethod.Get, location.OriginalString);
            var retryAfter = poll.Headers.RetryAfter?.Delta;
            poll.Dispose();
            if (pollStatus == 200)
            {
                Assert.Equal("Completed", pipeline!["runtimeStatus"]!.GetValue<string>());
                return pipeline["output"]!;
            }

            Assert.Equal(202, pollStatus);
            Assert.NotNull(retryAfter);
            await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
        }
    }

    private static async Task<JsonNode> JoseAsync(string mode, JsonObject request)
    {
        var start = new ProcessStartInfo("node") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(RepositoryPaths.Root, "tests", "Core.Tests", "Signing", "jose-tool.mjs"));
        start.ArgumentList.Add(mode);
        using var node = Process.Start(start)!;
        await node.StandardInput.WriteAsync(request.ToJsonString());
        node.StandardInput.Close();
        var output = await node.StandardOutput.ReadToEndAsync();
        await node.WaitForExitAsync();
        return JsonNode.Parse(output) ?? throw new InvalidOperationException(await node.StandardError.ReadToEndAsync());
    }
}
