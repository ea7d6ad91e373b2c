using System.Text.Json;
using McpOrchestrator.Core.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace McpOrchestrator.Functions.Http;

/// <summary>Writes a <see cref="Problem"/> as RFC 9457 <c>application/problem+json</c>, with any headers it carries
/// (<c>Retry-After</c>, <c>WWW-Authenticate</c>, <c>Allow</c>).</summary>
public sealed class ProblemResult(Problem problem) : IActionResult
{
    public const string ContentType = "application/problem+json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,

        // Problem documents are JSON, never HTML: keep quotes and angle brackets readable in 'detail'.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public Problem Problem { get; } = problem;

    public Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = Problem.Status;
        response.ContentType = ContentType;
        foreach (var (name, value) in Problem.Headers)
        {
            response.Headers[name] = value;
        }

        var body = new Dictionary<string, object?>
        {
            ["type"] = Problem.Type,
            ["title"] = Problem.Title,
            ["status"] = Problem.Status,
            ["detail"] = Problem.Detail,
            ["code"] = Problem.Code,
            ["instance"] = context.HttpContext.Request.Path.Value,
        };
        foreach (var (name, value) in Problem.Extensions)
        {
            body[name] = value;
        }

        return response.WriteAsync(JsonSerializer.Serialize(body, Json), context.HttpContext.RequestAborted);
    }
}
