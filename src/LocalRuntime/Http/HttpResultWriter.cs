using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;

namespace McpOrchestrator.LocalRuntime.Http;

/// <summary>Writes what an HTTP function returned, as the ASP.NET Core integration does: <see cref="IActionResult"/>
/// through an MVC action context, <see cref="IResult"/> through <c>ExecuteAsync</c>.</summary>
internal static class HttpResultWriter
{
    /// <summary>Writes the result; returns false when the value is not an HTTP result.</summary>
    public static async Task<bool> WriteAsync(HttpContext http, object? result)
    {
        switch (result)
        {
            case IActionResult actionResult:
                await actionResult.ExecuteResultAsync(new ActionContext(http, http.GetRouteData(), new ActionDescriptor()));
                return true;
            case IResult httpResult:
                await httpResult.ExecuteAsync(http);
                return true;
            case null:
                return true;
            default:
                return false;
        }
    }
}
