using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace McpOrchestrator.LocalRuntime.Http;

/// <summary>RFC 9457 problem responses the runtime itself writes (no route, wrong method, unbindable input, a
/// function that threw). Never carries exception details.</summary>
internal static class RuntimeProblem
{
    public const string ContentType = "application/problem+json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Task WriteAsync(HttpContext http, int status, string code, string title, string detail, string? invocationId = null)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = ContentType;
        var problem = new Dictionary<string, object?>
        {
            ["type"] = $"https://mcp-orchestrator.dev/problems/{code.Replace('_', '-')}",
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
            ["code"] = code,
            ["instance"] = http.Request.Path.Value,
        };
        if (invocationId is not null)
        {
            problem["invocationId"] = invocationId;
        }

        return http.Response.WriteAsync(JsonSerializer.Serialize(problem, Json), http.RequestAborted);
    }

    public static Task WriteStatusCodePageAsync(HttpContext http) => http.Response.StatusCode switch
    {
        StatusCodes.Status404NotFound => WriteAsync(http, 404, "route_not_found", "Not Found",
            $"No function serves {http.Request.Method} {http.Request.Path}. GET /openapi.json lists the routes."),
        StatusCodes.Status405MethodNotAllowed => WriteAsync(http, 405, "method_not_allowed", "Method Not Allowed",
            $"{http.Request.Path} does not accept {http.Request.Method}; it accepts {http.Response.Headers.Allow}."),
        _ => Task.CompletedTask,
    };
}
