using McpOrchestrator.Core.Problems;

namespace McpOrchestrator.Core.Registry;

/// <summary>The refusals of the server registry: 400 <c>invalid_server_id</c>, <c>invalid_server_definition</c>,
/// <c>invalid_query</c>; 404 <c>server_not_found</c>; 409 <c>builtin_server</c>.</summary>
public static class RegistryProblems
{
    public static Problem InvalidServerId(string? id) => new()
    {
        Status = 400,
        Code = "invalid_server_id",
        Title = "Invalid server id",
        Detail = $"{Display.Quote(id)} is not a server id. Ids are 1 to 64 characters: lowercase letters, digits, '.', '_' and '-', starting with a letter or digit (e.g. 'github' or 'acme-search'). GET /v1/servers lists the registry.",
    };

    public static Problem ServerNotFound(string id) => new()
    {
        Status = 404,
        Code = "server_not_found",
        Title = "Server not found",
        Detail = $"The registry has no server {Display.Quote(id)}. GET /v1/servers?q=… searches it; an administrator can register a custom server with PUT /v1/servers/{{id}}.",
        Extensions = new Dictionary<string, object?> { ["serverId"] = id },
    };

    public static Problem BuiltInServer(string id) => new()
    {
        Status = 409,
        Code = "builtin_server",
        Title = "Built-in server",
        Detail = $"'{id}' is a built-in registry entry; built-in entries cannot be replaced or deleted. Register your variant under another id, e.g. '{id}-custom'.",
        Extensions = new Dictionary<string, object?> { ["serverId"] = id },
    };

    public static Problem InvalidDefinition(string id, IReadOnlyList<DefinitionError> errors)
    {
        var shown = errors.Take(5).Select(e => $"{e.Path}: {e.Message}");
        var more = errors.Count > 5 ? $" (and {Display.Count(errors.Count - 5)} more, listed in 'errors')" : string.Empty;
        return new Problem
        {
            Status = 400,
            Code = "invalid_server_definition",
            Title = "Invalid server definition",
            Detail = $"Server '{id}' cannot be registered: {string.Join("; ", shown)}{more}. Fix these fields and send the definition again.",
            Extensions = new Dictionary<string, object?>
            {
                ["errors"] = errors.Select(e => new Dictionary<string, string> { ["path"] = e.Path, ["message"] = e.Message }).ToList(),
            },
        };
    }

    public static Problem ForbiddenEnvVar(string id, string variable) => new()
    {
        Status = 400,
        Code = "forbidden_env_var",
        Title = "Environment variable not allowed",
        Detail = $"Server '{id}' cannot be registered: its env declares {Mcp.InjectionVariables.Why(variable)}",
        Extensions = new Dictionary<string, object?> { ["serverId"] = id, ["variable"] = variable },
    };

    public static Problem InvalidQuery(string detail) => new()
    {
        Status = 400,
        Code = "invalid_query",
        Title = "Invalid query",
        Detail = detail,
    };
}
