using System.Reflection;
using System.Text.Json;
using McpOrchestrator.Functions.Http;
using Microsoft.Azure.Functions.Worker;

namespace McpOrchestrator.Functions.OpenApi;

/// <summary>Reads the HTTP functions from functions.metadata (written beside the app by the Functions SDK in Azure and
/// by Microsoft's generator in local builds) and host.json's route prefix, so the OpenAPI document describes exactly
/// what the host serves.</summary>
public static class FunctionsMetadataReader
{
    public static IReadOnlyList<HttpFunctionDescription> Read(string appDirectory, Assembly assembly)
    {
        var prefix = ReadRoutePrefix(Path.Combine(appDirectory, "host.json"));
        var methods = FunctionAccess.FunctionMethods(assembly).ToDictionary(m => m.GetCustomAttribute<FunctionAttribute>()!.Name, StringComparer.Ordinal);
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(appDirectory, "functions.metadata")));
        var functions = new List<HttpFunctionDescription>();
        foreach (var function in document.RootElement.EnumerateArray())
        {
            var name = function.GetProperty("name").GetString()!;
            foreach (var binding in function.GetProperty("bindings").EnumerateArray())
            {
                if (binding.GetProperty("type").GetString() != "httpTrigger")
                {
                    continue;
                }

                var route = binding.TryGetProperty("route", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString()! : name;
                var verbs = binding.TryGetProperty("methods", out var m) && m.ValueKind == JsonValueKind.Array
                    ? m.EnumerateArray().Select(v => v.GetString()!.ToLowerInvariant()).ToArray()
                    : ["get", "post", "put", "patch", "delete"];
                var path = "/" + string.Join('/', new[] { prefix, route.Trim('/') }.Where(p => p.Length > 0));
                functions.Add(new HttpFunctionDescription(name, path, verbs,
                    methods.TryGetValue(name, out var method) ? method : throw new InvalidOperationException($"functions.metadata lists '{name}', which this assembly does not have; rebuild.")));
            }
        }

        return functions;
    }

    private static string ReadRoutePrefix(string hostJson)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(hostJson), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        return document.RootElement.TryGetProperty("extensions", out var extensions)
            && extensions.TryGetProperty("http", out var http)
            && http.TryGetProperty("routePrefix", out var prefix)
            && prefix.ValueKind == JsonValueKind.String
                ? prefix.GetString()!.Trim('/')
                : "api";
    }
}
