using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.RegularExpressions;
using McpOrchestrator.Core.Paging;
using McpOrchestrator.Functions.Http;

namespace McpOrchestrator.Functions.OpenApi;

/// <summary>Builds the OpenAPI 3.1 document of every HTTP function: path, method, path and query parameters, request
/// and response schemas (from the C# types, with the same JSON options the API uses), the error responses, and the
/// security requirement with its scope. A function missing from functions.metadata is not served, and one that is
/// served is always here.</summary>
public static partial class OpenApiDocumentBuilder
{
    public const string BearerScheme = "bearerToken";
    public const string ApiKeyScheme = "apiKey";

    public static JsonObject Build(IReadOnlyList<HttpFunctionDescription> functions, string version)
    {
        var schemas = new JsonObject { ["Problem"] = ProblemSchema() };
        var paths = new JsonObject();
        foreach (var function in functions.OrderBy(f => f.Route, StringComparer.Ordinal))
        {
            var (template, pathParameters) = ToOpenApiPath(function.Route);
            var pathItem = paths[template] as JsonObject ?? new JsonObject();
            paths[template] = pathItem;
            foreach (var verb in function.Methods)
            {
                pathItem[verb] = Operation(function, verb, pathParameters, schemas);
            }
        }

        return new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject
            {
                ["title"] = "MCP Orchestrator",
                ["version"] = version,
                ["description"] = "Control plane for MCP servers. Errors are RFC 9457 application/problem+json with a stable 'code'. "
                    + "Scopes: 'write' includes 'read'; 'admin' includes 'read' and 'write'; 'tools' stands alone. The API key has every scope.",
            },
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = schemas,
                ["securitySchemes"] = new JsonObject
                {
                    [BearerScheme] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["description"] = "An API token from POST /v1/tokens: Authorization: Bearer mcpo_…" },
                    [ApiKeyScheme] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = "X-API-Key", ["description"] = "The service's API key (app setting McpOrchestrator__ApiKey); every scope." },
                },
            },
        };
    }

    private static JsonObject Operation(HttpFunctionDescription function, string verb, IReadOnlyList<(string Name, string Type)> pathParameters, JsonObject schemas)
    {
        var method = function.Method;
        var description = method.GetCustomAttribute<OpenApiOperationAttribute>()
            ?? throw new InvalidOperationException($"Function '{function.Name}' has no [OpenApiOperation]; every HTTP function is documented.");
        var scope = method.GetCustomAttribute<RequiresScopeAttribute>()?.Scope;
        var operation = new JsonObject
        {
            ["operationId"] = function.Methods.Count > 1 ? $"{function.Name}_{verb}" : function.Name,
            ["tags"] = new JsonArray(description.Tag),
            ["summary"] = description.Summary,
            ["description"] = description.Description,
        };

        var parameters = new JsonArray();
        foreach (var (name, type) in pathParameters)
        {
            parameters.Add(new JsonObject { ["name"] = name, ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = type } });
        }

        foreach (var query in method.GetCustomAttributes<OpenApiQueryAttribute>())
        {
            parameters.Add(new JsonObject { ["name"] = query.Name, ["in"] = "query", ["required"] = false, ["description"] = query.Description, ["schema"] = new JsonObject { ["type"] = query.Type } });
        }

        var paged = method.GetCustomAttribute<OpenApiPagedAttribute>() is not null;
        if (paged)
        {
            parameters.Add(new JsonObject
            {
                ["name"] = "limit", ["in"] = "query", ["required"] = false, ["description"] = LimitDescription,
                ["schema"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = PageRequest.MaxLimit, ["default"] = PageRequest.DefaultLimit },
            });
            parameters.Add(new JsonObject
            {
                ["name"] = "cursor", ["in"] = "query", ["required"] = false, ["description"] = CursorDescription,
                ["schema"] = new JsonObject { ["type"] = "string", ["maxLength"] = PageCursor.MaxLength },
            });
            operation["description"] = description.Description + " " + PagingDescription;
        }

        if (parameters.Count > 0)
        {
            operation["parameters"] = parameters;
        }

        var responses = new JsonObject();
        var success = new JsonObject { ["description"] = "Success" };
        if (description.Response is { } responseType)
        {
            success["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = SchemaRef(responseType, schemas) } };
            if (paged && schemas[responseType.Name]?["properties"]?["nextLink"] is JsonObject nextLink)
            {
                nextLink["description"] = NextLinkDescription;
            }
        }

        responses[description.SuccessStatus.ToString(System.Globalization.CultureInfo.InvariantCulture)] = success;
        var errors = new SortedSet<int>(description.Errors) { 500 };
        if (paged)
        {
            errors.Add(400);
        }

        if (description.Request is { } requestType)
        {
            operation["requestBody"] = new JsonObject
            {
                ["required"] = !description.RequestOptional,
                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = SchemaRef(requestType, schemas) } },
            };
            errors.UnionWith([400, 413, 415]);
        }

        if (scope is not null)
        {
            errors.UnionWith([401, 403, 503]);
            operation["security"] = new JsonArray(
                new JsonObject { [BearerScheme] = new JsonArray(scope) },
                new JsonObject { [ApiKeyScheme] = new JsonArray(scope) });
            operation["x-required-scope"] = scope;
        }
        else
        {
            operation["security"] = new JsonArray();
        }

        foreach (var status in errors)
        {
            responses[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new JsonObject
            {
                ["description"] = ErrorDescription(status),
                ["content"] = new JsonObject { ["application/problem+json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/Problem" } } },
            };
        }

        operation["responses"] = responses;
        return operation;
    }

    private const string LimitDescription = "Items per page: 1 to 1000 (default 100)";

    private const string CursorDescription =
        "Where the page starts: the cursor from the previous page's nextLink, unchanged (opaque; a cursor this list did not hand out is 400 invalid_cursor)";

    private const string PagingDescription =
        "Paged: at most limit items (default 100, at most 1000; another value is 400 invalid_query); while more follow, nextLink is the URL of the next page (on the service's public base URL, with the same filters), and it is absent on the last page.";

    private const string NextLinkDescription = "The next page's URL, with the same filters and limit; absent on the last page";

    private static JsonObject SchemaRef(Type type, JsonObject schemas)
    {
        var name = type.Name;
        if (!schemas.ContainsKey(name))
        {
            schemas[name] = RequestBody.Json.GetJsonSchemaAsNode(type, new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true });
        }

        return new JsonObject { ["$ref"] = $"#/components/schemas/{name}" };
    }

    /// <summary><c>v1/items/{id:int}</c> → <c>v1/items/{id}</c> with the parameter and its type.</summary>
    internal static (string Path, IReadOnlyList<(string Name, string Type)> Parameters) ToOpenApiPath(string route)
    {
        var parameters = new List<(string, string)>();
        var path = RouteParameter().Replace(route, match =>
        {
            var name = match.Groups["name"].Value;
            var constraint = match.Groups["constraint"].Value;
            parameters.Add((name, constraint is "int" or "long" ? "integer" : constraint == "bool" ? "boolean" : "string"));
            return "{" + name + "}";
        });
        return (path, parameters);
    }

    private static string ErrorDescription(int status) => status switch
    {
        400 => "Malformed input (problem+json with a stable code)",
        401 => "Missing or invalid credentials (WWW-Authenticate: Bearer)",
        403 => "The credential lacks the required scope (insufficient_scope)",
        404 => "Not found",
        409 => "Conflict",
        412 => "Stale If-Match",
        413 => "Body larger than 256 KiB (payload_too_large)",
        415 => "Body is not application/json",
        429 => "A bound of this instance is reached (too_many_probes, too_many_batches); retry after Retry-After seconds",
        503 => "A dependency is down; retry after Retry-After seconds",
        _ => "Unexpected failure (a bug); quote the invocationId",
    };

    private static JsonObject ProblemSchema() => new()
    {
        ["type"] = "object",
        ["description"] = "RFC 9457 problem details",
        ["required"] = new JsonArray("type", "title", "status", "detail", "code"),
        ["properties"] = new JsonObject
        {
            ["type"] = new JsonObject { ["type"] = "string" },
            ["title"] = new JsonObject { ["type"] = "string" },
            ["status"] = new JsonObject { ["type"] = "integer" },
            ["detail"] = new JsonObject { ["type"] = "string", ["description"] = "What was wrong and how to fix it" },
            ["code"] = new JsonObject { ["type"] = "string", ["description"] = "Stable machine-readable code" },
            ["instance"] = new JsonObject { ["type"] = "string" },
        },
    };

    [GeneratedRegex(@"\{(?<name>[A-Za-z0-9_]+)(:(?<constraint>[a-z]+)(\([^)]*\))?)?\??\}")]
    private static partial Regex RouteParameter();
}
