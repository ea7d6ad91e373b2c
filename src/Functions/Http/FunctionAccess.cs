using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace McpOrchestrator.Functions.Http;

/// <summary>What each function of this app requires, read once from its attributes: a scope, any credential, public,
/// or (for non-HTTP triggers) nothing. An HTTP function that declares none of them, or more than one, fails the
/// start.</summary>
public sealed class FunctionAccess
{
    private readonly Dictionary<string, AccessRule?> _rules;

    public FunctionAccess()
        : this(typeof(FunctionAccess).Assembly)
    {
    }

    internal FunctionAccess(Assembly assembly)
    {
        _rules = new Dictionary<string, AccessRule?>(StringComparer.Ordinal);
        foreach (var method in FunctionMethods(assembly))
        {
            var name = method.GetCustomAttribute<FunctionAttribute>()!.Name;
            var scope = method.GetCustomAttribute<RequiresScopeAttribute>()?.Scope;
            var credential = method.GetCustomAttribute<RequiresCredentialAttribute>();
            var isPublic = method.GetCustomAttribute<PublicEndpointAttribute>() is not null;
            var isHttp = method.GetParameters().Any(p => p.GetCustomAttribute<HttpTriggerAttribute>() is not null);
            if (isHttp && (scope is null ? 0 : 1) + (credential is null ? 0 : 1) + (isPublic ? 1 : 0) != 1)
            {
                throw new InvalidOperationException(
                    $"HTTP function '{name}' must declare exactly one of [RequiresScope(...)], [RequiresCredential(...)] or [PublicEndpoint].");
            }

            if (scope is not null && !Core.Access.Scopes.IsKnown(scope))
            {
                throw new InvalidOperationException($"Function '{name}' requires unknown scope '{scope}'.");
            }

            _rules[name] = scope is not null || credential is not null ? new AccessRule(scope, credential?.ResourceMetadataPath) : null;
        }
    }

    /// <summary>What <paramref name="functionName"/> requires; null when it is public or not HTTP-triggered.</summary>
    public AccessRule? RuleFor(string functionName) =>
        _rules.TryGetValue(functionName, out var rule)
            ? rule
            : throw new InvalidOperationException($"Function '{functionName}' is not a function of this app.");

    internal static IEnumerable<MethodInfo> FunctionMethods(Assembly assembly) =>
        assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            .Where(m => m.GetCustomAttribute<FunctionAttribute>() is not null);
}

/// <summary>A function's access rule: a credential, holding <see cref="Scope"/> when one is named; 401s point at
/// <see cref="ResourceMetadataPath"/> when one is named.</summary>
public sealed record AccessRule(string? Scope, string? ResourceMetadataPath);
