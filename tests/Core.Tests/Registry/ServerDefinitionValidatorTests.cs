using System.Text.Json;
using System.Text.Json.Serialization;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Problems;
using McpOrchestrator.Core.Registry;
using McpOrchestrator.Core.Tests.Drafts;

namespace McpOrchestrator.Core.Tests.Registry;

public sealed class ServerDefinitionValidatorTests
{
    /// <summary>The options the HTTP edge reads bodies with (src/Functions RequestBody.Json).</summary>
    internal static readonly JsonSerializerOptions EdgeJson = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private static readonly ServerDefinitionRequest Http = new()
    {
        Name = "Acme",
        Transport = "http",
        Url = "https://{host}/mcp",
        Parameters = [new ServerParameterRequest { Name = "host", Type = "string", Required = true }],
    };

    public static TheoryData<string, string, string> Invalid() => new()
    {
        { """{"name":"A"}""", "transport", "is required" },
        { """{"name":"A","transport":"HTTP","url":"https://a"}""", "transport", "lowercase" },
        { """{"transport":"stdio","command":"x"}""", "name", "is required" },
        { """{"name":"A","transport":"stdio"}""", "command", "is required" },
        { """{"name":"A","transport":"stdio","command":"x","url":"https://a"}""", "url", "stdio server" },
        { """{"name":"A","transport":"stdio","command":"x","headers":{"A":"b"}}""", "headers", "stdio server" },
        { """{"name":"A","transport":"stdio","command":"x {a}"}""", "command", "placeholder" },
        { """{"name":"A","transport":"http","command":"x","url":"https://a"}""", "command", "remove it" },
        { """{"name":"A","transport":"http","args":["a"],"url":"https://a"}""", "args", "remote server" },
        { """{"name":"A","transport":"sse"}""", "url", "is required" },
        { """{"name":"A","transport":"http","url":"ftp://a/mcp"}""", "url", "http://" },
        { """{"name":"A","transport":"http","url":"https://{nope}/mcp"}""", "url", "names no parameter" },
        { """{"name":"A","transport":"http","url":"https://{h}/mcp","parameters":[{"name":"h","type":"string"}]}""", "url", "optional parameter without a default" },
        { """{"name":"A","transport":"stdio","command":"x","args":["{missing}"]}""", "args[0]", "names no parameter" },
        { """{"name":"A","transport":"stdio","command":"x","parameters":[{"name":"1bad","type":"string"}]}""", "parameters[0].name", "not a parameter name" },
        { """{"name":"A","transport":"stdio","command":"x","parameters":[{"name":"a","type":"string"},{"name":"A","type":"int"}]}""", "parameters[1].name", "twice" },
        { """{"name":"A","transport":"stdio","command":"x","parameters":[{"name":"a","type":"float"}]}""", "parameters[0].type", "string, int, bool, path or url" },
        { """{"name":"A","transport":"stdio","command":"x","parameters":[{"name":"a"}]}""", "parameters[0].type", "is required" },
        { """{"name":"A","transport":"stdio","command":"x","parameters":[{"name":"a","type":"int","default":"abc"}]}""", "parameters[0].default", "not an integer" },
        { """{"name":"A","transport":"stdio","command":"x","parameters":[{"name":"a","type":"bool","default":"yes"}]}""", "parameters[0].default", "not a boolean" },
        { """{"name":"A","transport":"stdio","command":"x","parameters":[{"name":"a","type":"url","default":"localhost"}]}""", "parameters[0].default", "URL" },
        { """{"name":"A","transport":"stdio","command":"x","parameters":[{"name":"a","type":"int","required":true,"default":1}]}""", "parameters[0]", "required and has a default" },
        { """{"name":"A","transport":"stdio","command":"x","parameters":[{"name":"a","type":"int","example":"many"}]}""", "parameters[0].example", "not an integer" },
        { """{"name":"A","transport":"stdio","command":"x","env":{"required":["1BAD"]}}""", "env.required[0]", "not an environment variable name" },
        { """{"name":"A","transport":"stdio","command":"x","env":{"required":["A"],"optional":[{"name":"A"}]}}""", "env.optional[0]", "declared twice" },
        { """{"name":"A","transport":"stdio","command":"x","tags":["Bad Tag"]}""", "tags[0]", "not a tag" },
        { """{"name":"A","transport":"stdio","command":"x","tags":["a","a"]}""", "tags[1]", "twice" },
        { """{"name":"A","transport":"stdio","command":"x","docsUrl":"javascript:alert(1)"}""", "docsUrl", "http(s) URL" },
        { """{"name":"A","transport":"http","url":"https://a","headers":{"Bad Header":"x"}}""", "headers", "not an HTTP header name" },
        { """{"name":"A","transport":"http","url":"https://a","headers":{"X-A":"a\r\nInjected: yes"}}""", "headers.X-A", "control" },
        { """{"name":"A","transport":"http","url":"https://a","headers":{"X-A":"${oops}"}}""", "headers.X-A", "malformed reference" },
        { """{"name":"A\u0007","transport":"stdio","command":"x"}""", "name", "control" },
        { """{"name":"  ","transport":"stdio","command":"x"}""", "name", "empty" },
        { """{"name":"A","transport":"stdio","command":"x","args":[null]}""", "args[0]", "null" },
        { """{"name":"A","transport":"stdio","command":"x","parameters":[null]}""", "parameters[0]", "null" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void ToDefinition_BrokenRule_InvalidServerDefinition_NamingTheField(string json, string path, string message)
    {
        var request = JsonSerializer.Deserialize<ServerDefinitionRequest>(json, EdgeJson)!;

        var problem = Assert.Throws<ProblemException>(() => ServerDefinitionValidator.ToDefinition("acme", request)).Problem;

        Assert.Equal((400, "invalid_server_definition"), (problem.Status, problem.Code));
        var errors = Assert.IsType<List<Dictionary<string, string>>>(problem.Extensions["errors"]);
        Assert.Contains(errors, e => e["path"] == path && e["message"].Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void ToDefinition_TooLongAndTooMany_AreRefused()
    {
        var request = ConfigHost.StdioRequest() with
        {
            Name = new string('n', 101),
            Args = [.. Enumerable.Repeat("a", 65)],
            Description = new string('d', 2001),
        };

        var errors = (List<Dictionary<string, string>>)Assert.Throws<ProblemException>(() => ServerDefinitionValidator.ToDefinition("acme", request)).Problem.Extensions["errors"]!;

        Assert.Equal(["args", "description", "name"], errors.Select(e => e["path"]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ToDefinition_TooLargeToStore_IsRefused()
    {
        var request = ConfigHost.StdioRequest() with
        {
            Parameters = [.. Enumerable.Range(0, 30).Select(i => new ServerParameterRequest
            {
                Name = $"p{i}",
                Type = "string",
                Default = new string('d', 4000),
                Example = new string('e', 4000),
                Description = new string('x', 500),
            })],
        };

        var errors = (List<Dictionary<string, string>>)Assert.Throws<ProblemException>(() => ServerDefinitionValidator.ToDefinition("acme", request)).Problem.Extensions["errors"]!;

        Assert.Equal("(definition)", Assert.Single(errors)["path"]);
    }

    [Fact]
    public void ToDefinition_Valid_IsNormalised_AndTyped()
    {
        var json = """
            {"name":"  Acme Search ","description":"Searches.","transport":"http","url":"{base}/mcp/{path}",
             "headers":{"Authorization":"Bearer {token}"},
             "parameters":[{"name":"base","type":"url","default":"http://localhost:5678"},
                           {"name":"path","type":"string","required":true,"example":"x"},
                           {"name":"token","type":"string"},
                           {"name":"port","type":"int","default":8080}],
             "env":{"required":["ACME_KEY"],"optional":[{"name":"ACME_REGION","secret":false,"description":"Region"}]},
             "tags":["search","remote"],"docsUrl":"https://acme.example.com/docs"}
            """;
        var request = JsonSerializer.Deserialize<ServerDefinitionRequest>(json, EdgeJson)!;

        var server = ServerDefinitionValidator.ToDefinition("acme-search", request);

        Assert.Equal(("acme-search", "Acme Search", Transport.Http, false), (server.Id, server.Name, server.Transport, server.BuiltIn));
        Assert.Equal([ParameterType.Url, ParameterType.String, ParameterType.String, ParameterType.Int], server.Parameters.Select(p => p.Type));
        Assert.Equal("8080", server.Parameters[3].Default);
        Assert.Equal(new EnvVarSpec { Name = "ACME_KEY" }, server.Env.Required.Single());
        Assert.Equal(new EnvVarSpec { Name = "ACME_REGION", Description = "Region" }, server.Env.Optional.Single());
    }

    [Fact]
    public void ToDefinition_AllowFlag_IsKept_AndRoundTripsOnlyWhenSet()
    {
        var json = """
            {"name":"Acme","transport":"stdio","command":"acme","args":["{extra}","{path}"],
             "parameters":[{"name":"extra","type":"string","allowFlag":true},{"name":"path","type":"path"}]}
            """;
        var request = JsonSerializer.Deserialize<ServerDefinitionRequest>(json, EdgeJson)!;

        var server = ServerDefinitionValidator.ToDefinition("acme", request);
        var back = CustomServerStore.ToRequest(server);

        Assert.Equal([true, false], server.Parameters.Select(p => p.AllowFlag));
        Assert.Equal([true, null], back.Parameters!.Select(p => p.AllowFlag));
    }

    [Fact]
    public void Json_EnvItem_UnknownMember_OrWrongType_IsRefused()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ServerDefinitionRequest>("""{"env":{"required":[{"name":"A","x":1}]}}""", EdgeJson));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ServerDefinitionRequest>("""{"env":{"required":[5]}}""", EdgeJson));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ServerDefinitionRequest>("""{"env":{"required":[{"name":"A","secret":"yes"}]}}""", EdgeJson));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ServerDefinitionRequest>("""{"parameters":[{"name":"a","default":{"x":1}}]}""", EdgeJson));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ServerDefinitionRequest>("""{"headers":{"A":"1","A":"2"}}""", EdgeJson));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ServerDefinitionRequest>("""{"headers":{"A":null}}""", EdgeJson));
    }

    [Fact]
    public void Json_Definition_WritesEnvAsObjects_AndTypesAsLowercase()
    {
        var server = BuiltInServers.All.Single(s => s.Id == "custom-api");

        var json = JsonSerializer.Serialize(server, EdgeJson);

        Assert.Contains("\"type\":\"int\"", json, StringComparison.Ordinal);
        Assert.Contains("\"transport\":\"http\"", json, StringComparison.Ordinal);
        var slack = JsonSerializer.Serialize(BuiltInServers.All.Single(s => s.Id == "slack"), EdgeJson);
        Assert.Contains("{\"name\":\"SLACK_BOT_TOKEN\",\"secret\":true,", slack, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ParameterType.Int, "8080", true)]
    [InlineData(ParameterType.Int, "-1", true)]
    [InlineData(ParameterType.Int, "8080.5", false)]
    [InlineData(ParameterType.Int, "0x10", false)]
    [InlineData(ParameterType.Int, "${env:PORT}", true)]
    [InlineData(ParameterType.Bool, "true", true)]
    [InlineData(ParameterType.Bool, "True", false)]
    [InlineData(ParameterType.Url, "https://a.example.com/x", true)]
    [InlineData(ParameterType.Url, "file:///etc/passwd", false)]
    [InlineData(ParameterType.Url, "https://a b", false)]
    [InlineData(ParameterType.Path, "/Users/me/code", true)]
    [InlineData(ParameterType.Path, "~/code", true)]
    [InlineData(ParameterType.Path, "/Users/me/../../etc", false)]
    [InlineData(ParameterType.Path, "..\\windows", false)]
    [InlineData(ParameterType.String, "", false)]
    [InlineData(ParameterType.String, "a\u0000b", false)]
    [InlineData(ParameterType.String, "${env:broken", false)]
    [InlineData(ParameterType.String, "${secret:TOKEN}", true)]
    public void ParameterValues_Check(ParameterType type, string value, bool valid) =>
        Assert.Equal(valid, ParameterValues.Check(type, value) is null);
}

