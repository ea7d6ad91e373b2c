using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace McpOrchestrator.Functions.Http;

/// <summary>What each function of this app requires, read once from its attributes: a scope, public, or (for
/// non-HTTP triggers) nothing. An HTTP function that declares neither a scope nor public fails the start.</summary>
public sealed class FunctionAccess
{
    private readonly Dictionary<string, string?> _scopes;

    public FunctionAccess()
        : this(typeof(FunctionAccess).Assembly)
    {
    }

    internal FunctionAccess(Assembly assembly)
    {
        _scopes = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var method in FunctionMethods(assembly))
        {
            var name = method.GetCustomAttribute<FunctionAttribute>()!.Name;
            var scope = method.GetCustomAttribute<RequiresScopeAttribute>()?.Scope;
            var isPublic = method.GetCustomAttribute<PublicEndpointAttribute>() is not null;
            var isHttp = method.GetParameters().Any(p => p.GetCustomAttribute<HttpTriggerAttribute>() is not null);
            if (isHttp && (scope is null) == !isPublic)
            {
                throw new InvalidOperationException(
                    $"HTTP function '{name}' must declare exactly one of [RequiresScope(...)] or [PublicEndpoint].");
            }

            if (scope is not null && !Core.Access.Scopes.IsKnown(scope))
            {
                throw new InvalidOperationException($"Function '{name}' requires unknown scope '{scope}'.");
            }

            _scopes[name] = scope;
        }
    }

    /// <summary>The scope <paramref name="functionName"/> requires; null when it is public or not HTTP-triggered.</summary>
    public string? RequiredScope(string functionName) =>
        _scopes.TryGetValue(functionName, out var scope)
            ? scope
            : throw new InvalidOperationException($"Function '{functionName}' is not a function of this app.");

    internal static IEnumerable<MethodInfo> FunctionMethods(Assembly assembly) =>
        assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null);
}
