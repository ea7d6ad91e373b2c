using System.Globalization;
using System.Text.Json;

namespace McpOrchestrator.LocalHost.Http;

/// <summary>Every answer the host itself gives instead of the app (no route, wrong method, the worker unavailable, a
/// failed or timed-out function, an oversized body), as RFC 9457 problem details with a machine-readable
/// <c>code</c>. Never carries exception details.</summary>
internal static class Problems
{
    public const string ContentType = "application/problem+json";

    public static async Task WriteAsync(HttpContext context, int status, string code, string title, string detail)
    {
        if (context.Response.HasStarted)
        {
            context.Abort();
            return;
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = ContentType;
        context.Response.Headers.ContentLength = null;
        var body = new Dictionary<string, object>
        {
            ["type"] = TypeFor(status),
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
            ["code"] = code,
            ["instance"] = context.Request.Path.Value ?? "/",
        };
        if (context.Items.TryGetValue(InvocationIdItem, out var id) && id is string invocationId)
        {
            body["invocationId"] = invocationId;
        }

        await context.Response.WriteAsync(JsonSerializer.Serialize(body), context.RequestAborted);
    }

    /// <summary>The <see cref="HttpContext.Items"/> key under which the invocation id of a request is kept.</summary>
    public const string InvocationIdItem = "LocalHost.InvocationId";

    public static Task NotFound(HttpContext context) =>
        WriteAsync(context, StatusCodes.Status404NotFound, "route_not_found", "Not Found", $"No function serves {context.Request.Method} {context.Request.Path}.");

    public static Task MethodNotAllowed(HttpContext context, string allow) =>
        WriteAsync(context, StatusCodes.Status405MethodNotAllowed, "method_not_allowed", "Method Not Allowed", $"{context.Request.Path} does not accept {context.Request.Method}; it accepts {allow}.");

    public static Task WorkerUnavailable(HttpContext context, TimeSpan retryAfter)
    {
        if (!context.Response.HasStarted)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        return WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "worker_unavailable", "Service Unavailable", "The Functions worker is restarting; retry shortly.");
    }

    private static string TypeFor(int status) => status switch
    {
        400 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1",
        404 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5",
        405 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.6",
        413 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.14",
        414 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.15",
        431 => "https://www.rfc-editor.org/rfc/rfc6585#section-5",
        500 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.1",
        502 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.3",
        503 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.4",
        504 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.5",
        _ => "about:blank",
    };
}
