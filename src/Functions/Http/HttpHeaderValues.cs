using Microsoft.AspNetCore.Http;

namespace McpOrchestrator.Functions.Http;

public static class HttpHeaderValues
{
    /// <summary>The request's <c>If-Match</c> value, or null when absent.</summary>
    public static string? IfMatch(this HttpRequest request) =>
        request.Headers.IfMatch.Count > 0 ? request.Headers.IfMatch.ToString() : null;

    /// <summary>Sets the response's <c>ETag</c> header.</summary>
    public static void SetETag(this HttpRequest request, string etag) =>
        request.HttpContext.Response.Headers.ETag = etag;
}
