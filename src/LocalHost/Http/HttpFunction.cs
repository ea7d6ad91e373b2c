using McpOrchestrator.LocalHost.Extensions;

namespace McpOrchestrator.LocalHost.Http;

/// <summary>An HTTP-triggered function as the host routes it: <c>{routePrefix}/{route ?? name}</c> and its methods
/// (empty: any method).</summary>
internal sealed record HttpFunction(LoadedFunction Function, string TriggerBindingName, string Template, IReadOnlyList<string> Methods)
{
    public static HttpFunction? From(LoadedFunction function, string routePrefix)
    {
        var trigger = function.Bindings.FirstOrDefault(b => string.Equals(b.Type, "httpTrigger", StringComparison.OrdinalIgnoreCase));
        if (trigger is null)
        {
            return null;
        }

        var route = trigger.Raw.FirstOrDefault(p => string.Equals(p.Key, "route", StringComparison.OrdinalIgnoreCase)).Value?.ToString();
        route = string.IsNullOrEmpty(route) ? function.Name : route.Trim('/');
        var template = string.IsNullOrEmpty(routePrefix) ? route : $"{routePrefix}/{route}";
        var methods = trigger.Raw.FirstOrDefault(p => string.Equals(p.Key, "methods", StringComparison.OrdinalIgnoreCase)).Value is System.Text.Json.Nodes.JsonArray list
            ? list.Select(m => m?.ToString().ToUpperInvariant()).OfType<string>().Where(m => m.Length > 0).ToList()
            : [];
        return new HttpFunction(function, trigger.Name, template, methods);
    }

    /// <summary>The line Core Tools prints for this function at start.</summary>
    public string Describe(int port) =>
        $"  {Function.Name}: [{(Methods.Count == 0 ? "GET,POST,PUT,DELETE,PATCH,HEAD,OPTIONS" : string.Join(',', Methods))}] http://127.0.0.1:{port}/{Template}";
}
