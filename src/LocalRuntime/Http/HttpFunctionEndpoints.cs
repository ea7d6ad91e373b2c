using McpOrchestrator.LocalRuntime.Invocation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpOrchestrator.LocalRuntime.Http;

/// <summary>Maps every <c>httpTrigger</c> of functions.metadata to an endpoint: route = host.json route prefix +
/// the trigger's route (or the function name), methods from the trigger (all when absent).</summary>
internal static class HttpFunctionEndpoints
{
    public const string TriggerType = "httpTrigger";
    private const string Reason = "This function was programmatically called via the host APIs.";

    public static void Map(IEndpointRouteBuilder endpoints, IEnumerable<LocalFunctionDefinition> functions, string routePrefix)
    {
        foreach (var function in functions.Where(f => f.Metadata.Trigger.Type == TriggerType))
        {
            var trigger = function.Metadata.Trigger;
            var route = RouteFor(routePrefix, trigger.GetString("route") ?? function.Name);
            var methods = trigger.GetStrings("methods")?.Select(m => m.ToUpperInvariant()).ToArray();
            RequestDelegate handler = http => HandleAsync(http, function);
            var builder = methods is { Length: > 0 }
                ? endpoints.MapMethods(route, methods, handler)
                : endpoints.Map(route, handler);
            builder.WithDisplayName($"Functions.{function.Name}");
        }
    }

    public static string RouteFor(string routePrefix, string route)
    {
        var prefix = routePrefix.Trim('/');
        var path = route.Trim('/');
        return "/" + (prefix.Length == 0 ? path : path.Length == 0 ? prefix : $"{prefix}/{path}");
    }

    private static async Task HandleAsync(HttpContext http, LocalFunctionDefinition function)
    {
        // A function's own 404 or 405 keeps its body; status-code pages are only for requests no function served.
        http.Features.Get<IStatusCodePagesFeature>()?.Enabled = false;
        var executor = http.RequestServices.GetRequiredService<FunctionExecutor>();
        try
        {
            await executor.ExecuteAsync(function, Reason, triggerValue: null, http, http.RequestAborted, async context =>
            {
                if (!await HttpResultWriter.WriteAsync(http, context.Result.Value))
                {
                    var log = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(InvocationLog.Category);
                    InvocationLog.NoHttpResult(log, function.Name, context.Result.Value!.GetType().Name, context.InvocationId);
                }
            });
        }
        catch (InvocationFailedException failure) when (http.RequestAborted.IsCancellationRequested)
        {
            _ = failure;
        }
        catch (InvocationFailedException failure) when (failure.InnerException is BindingException binding)
        {
            await WriteIfPossibleAsync(http, 400, "invalid_request", "Bad Request", binding.Message, failure.InvocationId);
        }
        catch (InvocationFailedException failure)
        {
            await WriteIfPossibleAsync(http, 500, "internal_error", "Internal Server Error",
                $"The function failed. Report invocation id {failure.InvocationId} to the operator; the cause is in the service log.", failure.InvocationId);
        }
    }

    private static Task WriteIfPossibleAsync(HttpContext http, int status, string code, string title, string detail, string invocationId)
    {
        if (http.Response.HasStarted)
        {
            http.Abort();
            return Task.CompletedTask;
        }

        http.Response.Clear();
        return RuntimeProblem.WriteAsync(http, status, code, title, detail, invocationId);
    }
}
