using System.Text.Json.Nodes;

namespace McpOrchestrator.Functions.Tests;

/// <summary>Hostile input over HTTP: every case is refused with a 4xx problem+json carrying a code, never a 5xx, and
/// the stored state is the same afterwards.</summary>
public sealed class HostileInputTests(AccessFixture fixture) : IClassFixture<AccessFixture>
{
    private static readonly string[] BadIds =
    [
        "UPPER", "a b", "-leading", ".dot", "_under", "' or 1 eq 1 or '", "x' or PartitionKey ne '", "a%27b", "semi;colon",
        "tab\tid", "new\nline", "é", "名前", "emoji🙂", "dollar$", "star*", "a,b", "colon:x", "quote\"x",
        "back\\slash", "%2e%2e", "..%2F..%2Fetc", new string('a', 65), "a|b", "(paren)", "{brace}", "[x]", "a=b", "plus+x",
    ];

    private static readonly string[] BadBodies =
    [
        "", "null", "[]", "\"text\"", "42", "true", "{", "{\"serverId\":}", "{'serverId':'memory'}", "{\"serverId\":\"memory\",}",
        "{\"serverId\":\"memory\"} trailing", "{\"serverId\":\"memory\",\"unknown\":1}", "{\"serverId\":42}", "{\"serverId\":[\"memory\"]}",
        "{\"serverId\":{\"$ne\":null}}", "{\"serverId\":\"memory\",\"params\":[]}", "{\"serverId\":\"memory\",\"params\":{\"x\":{\"nested\":1}}}",
        "{\"serverId\":\"memory\",\"env\":\"A=B\"}", "{\"serverId\":\"memory\",\"env\":{\"1BAD\":\"x\"}}", "{\"serverId\":\"memory\",\"env\":{\"A\":\"${env:}\"}}",
        "{\"serverId\":\"memory\",\"env\":{\"A\":\"${bogus:X}\"}}", "{\"serverId\":\"memory\",\"tools\":\"all\"}", "{\"serverId\":\"memory\",\"tools\":{\"include\":[1]}}",
        "{\"serverId\":\"memory\",\"wrapRemote\":\"yes\"}", "{\"serverId\":\"nope-not-a-server\"}", "{\"serverId\":\"' or 1 eq 1 or '\"}",
        "{\"serverId\":\"memory\",\"name\":\"Bad Name\"}", "{\"serverId\":\"memory\",\"name\":\"../../x\"}", "{\"serverId\":\"memory\",\"name\":\"" + new string('n', 70) + "\"}",
        "{\"serverId\":\"filesystem\"}", "{\"serverId\":\"filesystem\",\"params\":{\"path\":123,\"extra\":\"x\"}}", "{\"serverId\":\"custom-api\",\"params\":{\"port\":\"eighty\"}}",
        "{\"serverId\":\"custom-api\",\"params\":{\"port\":99999999999999999999}}", "{\"serverId\":\"memory\",\"params\":{\"undeclared\":\"x\"}}",
        "{\"serverId\":\"memory\",\"env\":{\"A\":\"x\u0000y\"}}", new string('[', 5000) + new string(']', 5000),
        "{\"serverId\":\"memory\",\"name\":\"a\",\"name\":\"b\"}", "\u00ff\u00fe{}", "{\"serverId\":\"" + new string('m', 300 * 1024) + "\"}",
    ];

    private static readonly string[] BadImports =
    [
        "", "   ", "not a config at all", "{", "{\"mcpServers\": [1,2,3]}", "{\"mcpServers\": {\"x\": 42}}", "{\"mcpServers\": {\"x\": {\"command\": 42}}}",
"{\"mcpServers\": {\"x\": {\"args\": [\"a\"]}}}", "{\"servers\": {\"x\": {\"type\": \"carrier-pigeon\", \"url\": \"x\"}}}",
        "[mcp_servers.x\ncommand = ", "[mcp_servers.x]\ncommand = 42", "[[mcp_servers]]\nname = \"x\"", "mcp_servers = \"string\"",
        "extensions:\n  a: [", "a: &a [*a, *a]\nb: *a", "--- !!binary |\n  R0lGODlh",
        "\u0000\u0001\u0002\u0003binary", "{\"mcpServers\":" + new string('{', 3000),
    ];

    [Fact]
    public async Task HostileInputs_AreAll4xxProblems_AndChangeNothing()
    {
        var api = new ApiClient(fixture.Service, fixture.ApiKey);
        await api.ExpectAsync(HttpMethod.Put, "/v1/clients/claude-desktop/profiles/guarded", null, 201);
        await api.ExpectAsync(HttpMethod.Post, "/v1/config/claude-desktop/guarded/draft/add", new { serverId = "memory" }, 201);
        var before = await SnapshotAsync(api);

        var cases = Cases().ToList();
        var failures = new List<string>();
        foreach (var (method, path, body, contentType) in cases)
        {
            var (status, json, response) = await api.SendAsync(method, path, rawBody: body, contentType: contentType);
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            response.Dispose();
            var code = json is JsonObject o ? o["code"]?.GetValue<string>() : null;
            if (status is < 400 or > 499 || mediaType != "application/problem+json" || string.IsNullOrEmpty(code))
            {
                failures.Add($"{method} {Shorten(path)} body={Shorten(body)} → {status} {mediaType} code={code}");
            }
        }

        // A NUL in the path never reaches the app: Kestrel refuses the request line itself with a bare 400.
        using (var nul = await fixture.Service.Client.GetAsync("/v1/servers/nul%00id"))
        {
            Assert.Equal(400, (int)nul.StatusCode);
        }

        Assert.True(cases.Count >= 200, $"only {cases.Count} hostile cases");
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} cases were not 4xx problems:\n{string.Join('\n', failures.Take(40))}");
        Assert.Equal(before, await SnapshotAsync(api));
    }

    private static IEnumerable<(HttpMethod Method, string Path, string? Body, string ContentType)> Cases()
    {
        const string json = "application/json";
        foreach (var id in BadIds)
        {
            var e = Uri.EscapeDataString(id);
            yield return (HttpMethod.Get, $"/v1/servers/{e}", null, json);
            yield return (HttpMethod.Put, $"/v1/servers/{e}", "{\"name\":\"x\",\"transport\":\"stdio\",\"command\":\"npx\"}", json);
            yield return (HttpMethod.Delete, $"/v1/servers/{e}", null, json);
            yield return (HttpMethod.Get, $"/v1/clients/{e}/profiles", null, json);
            yield return (HttpMethod.Put, $"/v1/clients/claude-desktop/profiles/{e}", null, json);
            yield return (HttpMethod.Delete, $"/v1/clients/claude-desktop/profiles/{e}", null, json);
            yield return (HttpMethod.Get, $"/v1/config/{e}/guarded/draft", null, json);
            yield return (HttpMethod.Post, $"/v1/config/claude-desktop/{e}/draft/add", "{\"serverId\":\"memory\"}", json);
            yield return (HttpMethod.Post, "/v1/config/claude-desktop/guarded/draft/remove", $"{{\"name\":{System.Text.Json.JsonSerializer.Serialize(id)}}}", json);
        }

        foreach (var body in BadBodies)
        {
            yield return (HttpMethod.Post, "/v1/config/claude-desktop/guarded/draft/add", body, json);
        }

        yield return (HttpMethod.Post, "/v1/config/claude-desktop/guarded/draft/add", "{\"serverId\":\"memory\"}", "text/plain");
        yield return (HttpMethod.Post, "/v1/config/claude-desktop/guarded/draft/add", "serverId=memory", "application/x-www-form-urlencoded");
        yield return (HttpMethod.Post, "/v1/config/claude-desktop/guarded/draft/add", "{\"serverId\":\"memory\"}", "application/xml");
        foreach (var content in BadImports)
        {
            yield return (HttpMethod.Post, "/v1/config/claude-desktop/guarded/draft/import", System.Text.Json.JsonSerializer.Serialize(new { content }), json);
        }

        foreach (var definition in new[]
        {
            "{}", "{\"name\":\"x\"}", "{\"name\":\"x\",\"transport\":\"pigeon\"}", "{\"name\":\"x\",\"transport\":\"stdio\"}",
            "{\"name\":\"x\",\"transport\":\"http\"}", "{\"name\":\"x\",\"transport\":\"http\",\"url\":\"not a url\"}",
            "{\"name\":\"x\",\"transport\":\"stdio\",\"command\":\"npx\",\"args\":[\"{undeclared}\"]}",
            "{\"name\":\"x\",\"transport\":\"stdio\",\"command\":\"npx\",\"parameters\":[{\"name\":\"p\",\"type\":\"float\"}]}",
            "{\"name\":\"x\",\"transport\":\"stdio\",\"command\":\"npx\",\"parameters\":[{\"name\":\"p\",\"type\":\"int\",\"default\":\"abc\"}]}",
            "{\"name\":\"x\",\"transport\":\"stdio\",\"command\":\"npx\",\"env\":{\"required\":[\"1BAD\"]}}",
            "{\"name\":\"x\",\"transport\":\"stdio\",\"command\":\"npx\",\"url\":\"https://example.com/mcp\"}",
            "{\"name\":\"x\",\"transport\":\"stdio\",\"command\":\"npx\",\"surprise\":true}",
            "{\"name\":\"x\",\"transport\":\"stdio\",\"command\":\"npx\",\"tags\":\"one\"}",
            "{\"name\":\"x\",\"transport\":\"http\",\"url\":\"https://{host}/mcp\"}",
            "{\"name\":\"x\",\"transport\":\"http\",\"url\":\"javascript:alert(1)\"}",
        })
        {
            yield return (HttpMethod.Put, "/v1/servers/hostile-custom", definition, json);
        }

        yield return (HttpMethod.Put, "/v1/servers/filesystem", "{\"name\":\"x\",\"transport\":\"stdio\",\"command\":\"npx\"}", json);
        yield return (HttpMethod.Delete, "/v1/servers/filesystem", null, json);
        foreach (var query in new[] { "transport=pigeon", "q=" + new string('q', 500), "tag=a&tag=b", "q=%00" })
        {
            yield return (HttpMethod.Get, $"/v1/servers?{query}", null, json);
        }

        foreach (var diff in new[] { "{}", "{\"left\":{}}", "{\"left\":{\"servers\":[]},\"right\":{\"servers\":\"x\"}}", "{\"local\":\"{}\"}",
            "{\"clientId\":\"nope\",\"profileId\":\"x\",\"local\":\"{}\"}", "{\"clientId\":\"claude-desktop\",\"profileId\":\"guarded\",\"local\":\"{}\"}",
            "{\"left\":{\"servers\":[{\"name\":\"x\"}]},\"right\":{\"servers\":[]}}", "{\"left\":{\"servers\":[null]},\"right\":{\"servers\":[]}}" })
        {
            yield return (HttpMethod.Post, "/v1/config/diff", diff, json);
        }
    }

    private static async Task<string> SnapshotAsync(ApiClient api)
    {
        var servers = await api.GetAsync("/v1/servers");
        var profiles = await api.GetAsync("/v1/clients/claude-desktop/profiles");
        var draft = await api.GetAsync("/v1/config/claude-desktop/guarded/draft");
        return string.Join('\n',
            string.Join(',', servers["servers"]!.AsArray().Select(s => s!["id"]!.GetValue<string>())),
            string.Join(',', profiles["profiles"]!.AsArray().Select(p => p!["id"]!.GetValue<string>())),
            draft["etag"]!.GetValue<string>(),
            draft["entries"]!.ToJsonString());
    }

    private static string Shorten(string? text) => text is null ? "∅" : text.Length > 80 ? text[..80] + "…" : text;
}
