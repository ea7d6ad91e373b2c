using Microsoft.AspNetCore.Http.Features;

namespace McpOrchestrator.LocalHost.Http;

/// <summary>The request-line and header limits, enforced by the host so that a refusal is problem+json like every
/// other answer of the host. Kestrel's own limits are set <see cref="KestrelHeadroom"/> times higher: Kestrel
/// refuses before any middleware runs and answers with an empty body, so it only refuses what is far past these
/// limits. Malformed requests (a bad header line, a bare CR or LF, a duplicate Content-Length, a bad
/// chunked framing of the request line) are Kestrel's to refuse, with an empty 400.</summary>
internal static class RequestLimits
{
    /// <summary>The longest request target (path and query) served: Kestrel's default request-line limit.</summary>
    public const int MaxRequestTargetBytes = 8 * 1024;

    /// <summary>The largest total of header names and values served: Kestrel's default header limit.</summary>
    public const int MaxRequestHeadersBytes = 32 * 1024;

    public const int KestrelHeadroom = 4;

    public static async Task EnforceAsync(HttpContext context, RequestDelegate next)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? string.Empty;
        if (target.Length > MaxRequestTargetBytes)
        {
            await Problems.WriteAsync(context, StatusCodes.Status414UriTooLong, "uri_too_long", "URI Too Long",
                $"The request target is {target.Length} bytes; the host serves at most {MaxRequestTargetBytes}. Send long values in the request body.");
            return;
        }

        var headers = 0;
        foreach (var (name, values) in context.Request.Headers)
        {
            foreach (var value in values)
            {
                // As on the wire: "name: value\r\n".
                headers += name.Length + (value?.Length ?? 0) + 4;
            }
        }

        if (headers > MaxRequestHeadersBytes)
        {
            await Problems.WriteAsync(context, StatusCodes.Status431RequestHeaderFieldsTooLarge, "request_headers_too_large", "Request Header Fields Too Large",
                $"The request headers total {headers} bytes; the host serves at most {MaxRequestHeadersBytes}. Send fewer or shorter headers (large cookies are the usual cause).");
            return;
        }

        await next(context);
    }
}
