using System.Net;
using System.Reflection;
using System.Text.Json.Nodes;
using McpOrchestrator.Functions.Http;
using McpOrchestrator.Functions.OpenApi;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Functions.Tests;

public sealed class OpenApiDocumentTests(AccessFixture fixture) : IClassFixture<AccessFixture>
{
    [Fact]
    public async Task ServedDocument_DescribesEveryHttpFunction_WithItsScope()
    {
        using var response = await fixture.Service.Client.GetAsync("/openapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

        Assert.Equal("3.1.0", document["openapi"]!.GetValue<string>());
        var functions = FunctionsMetadataReader.Read(FunctionsAppProcess.AppDirectory, typeof(FunctionAccess).Assembly);
        var operations = document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Select(op => (Path: path.Key, Verb: op.Key, Operation: op.Value!.AsObject())))
            .ToList();
        Assert.Equal(functions.Sum(f => f.Methods.Count), operations.Count);
        foreach (var function in functions)
        {
            var (path, _) = OpenApiDocumentBuilder.ToOpenApiPath(function.Route);
            foreach (var verb in function.Methods)
            {
                var operation = Assert.Single(operations, o => o.Path == path && o.Verb == verb).Operation;
                var scope = function.Method.GetCustomAttribute<RequiresScopeAttribute>()?.Scope;
                Assert.Equal(scope, operation["x-required-scope"]?.GetValue<string>());
                var security = operation["security"]!.AsArray();
                Assert.Equal(scope is null ? 0 : 2, security.Count);
                Assert.Equal(scope is not null, operation["responses"]!.AsObject().ContainsKey("401"));
                Assert.False(string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>()));
            }
        }
    }

    [Fact]
    public async Task CreateToken_HasItsRequestAndResponseSchemas()
    {
        using var response = await fixture.Service.Client.GetAsync("/openapi.json");
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        var operation = document["paths"]!["/v1/tokens"]!["post"]!;
        Assert.Equal("#/components/schemas/CreateTokenRequest", operation["requestBody"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        Assert.NotNull(operation["responses"]!["201"]);
        Assert.NotNull(operation["responses"]!["413"]);
        var request = document["components"]!["schemas"]!["CreateTokenRequest"]!["properties"]!.AsObject();
        Assert.Contains("name", request.Select(p => p.Key));
        Assert.Contains("scopes", request.Select(p => p.Key));
        Assert.Contains("expiresAt", request.Select(p => p.Key));
        var issued = document["components"]!["schemas"]!["IssuedToken"]!["properties"]!.AsObject();
        Assert.Contains("token", issued.Select(p => p.Key));
    }

    [Theory]
    [InlineData("PublishConfig", false)]
    [InlineData("DeployConfig", false)]
    [InlineData("ValidateDraft", false)]
    [InlineData("InitializeSigningKey", false)]
    [InlineData("CallTool", false)]
    [InlineData("PutProfile", false)]
    [InlineData("RaisePipelineEvent", false)]
    [InlineData("AddDraftEntry", true)]
    [InlineData("RemoveDraftEntry", true)]
    [InlineData("ImportDraft", true)]
    [InlineData("CreateToken", true)]
    [InlineData("DiffConfig", true)]
    [InlineData("CallToolBatch", true)]
    [InlineData("PutServer", true)]
    public void RequestBody_IsRequiredOnlyWhereTheFunctionCannotDoWithoutIt(string operationId, bool required)
    {
        // Regression (issue 15, item 15a): bodies the function reads with ReadOptionalAsync were marked required.
        var document = OpenApiDocumentBuilder.Build(FunctionsMetadataReader.Read(FunctionsAppProcess.AppDirectory, typeof(FunctionAccess).Assembly), "test");

        var operation = Assert.Single(
            document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject().Select(op => op.Value!)),
            op => op["operationId"]!.GetValue<string>() == operationId);
        var body = operation["requestBody"];
        Assert.NotNull(body);
        Assert.Equal(required, body["required"]!.GetValue<bool>());
        Assert.NotNull(operation["responses"]!["400"]);
    }

    [Theory]
    [InlineData("/v1/servers", "ServerList")]
    [InlineData("/v1/tokens", "TokenList")]
    [InlineData("/v1/clients/{clientId}/profiles", "ProfileList")]
    [InlineData("/v1/config/{clientId}/{profileId}/history", "ConfigHistory")]
    public async Task ListRoutes_DocumentLimitCursorAndNextLink(string path, string schema)
    {
        using var response = await fixture.Service.Client.GetAsync("/openapi.json");
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        var operation = document["paths"]![path]!["get"]!;
        var parameters = operation["parameters"]!.AsArray().ToDictionary(p => p!["name"]!.GetValue<string>(), p => p!);
        var limit = parameters["limit"]["schema"]!;
        Assert.Equal(("query", "integer", 1, 1000, 100), (parameters["limit"]["in"]!.GetValue<string>(), limit["type"]!.GetValue<string>(),
            limit["minimum"]!.GetValue<int>(), limit["maximum"]!.GetValue<int>(), limit["default"]!.GetValue<int>()));
        Assert.Equal(("query", "string"), (parameters["cursor"]["in"]!.GetValue<string>(), parameters["cursor"]["schema"]!["type"]!.GetValue<string>()));
        Assert.NotNull(operation["responses"]!["400"]);
        Assert.Contains("nextLink", operation["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("#/components/schemas/" + schema, operation["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        var nextLink = document["components"]!["schemas"]![schema]!["properties"]!["nextLink"]!;
        Assert.Contains("absent on the last page", nextLink["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("v1/tokens/{id}", "v1/tokens/{id}", "id", "string")]
    [InlineData("api/items/{id:int}", "api/items/{id}", "id", "integer")]
    [InlineData("v1/config/{clientId}/{profileId?}", "v1/config/{clientId}/{profileId}", "clientId", "string")]
    public void RouteTemplates_BecomeOpenApiPaths(string route, string expectedPath, string firstParameter, string type)
    {
        var (path, parameters) = OpenApiDocumentBuilder.ToOpenApiPath(route);

        Assert.Equal(expectedPath, path);
        Assert.Equal((firstParameter, type), parameters[0]);
    }
}
