using Microsoft.AspNetCore.Http;

namespace Microsoft.Azure.Functions.Worker;

/// <summary>ASP.NET Core integration: the HTTP context of an HTTP-triggered invocation.</summary>
public static class FunctionContextExtensions
{
    internal const string HttpContextKey = "HttpRequestContext";

    public static HttpContext? GetHttpContext(this FunctionContext context) =>
        context.Items.TryGetValue(HttpContextKey, out var value) ? value as HttpContext : null;
}
