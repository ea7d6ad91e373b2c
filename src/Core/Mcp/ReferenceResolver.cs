using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Drafts;
using Microsoft.Extensions.Configuration;

namespace McpOrchestrator.Core.Mcp;

/// <summary>
/// Resolves the value references of a server's env and headers at connect time, from configuration:
/// <c>${env:NAME}</c> reads setting <c>NAME</c> (an app setting or environment variable of the service);
/// <c>${secret:NAME}</c> reads <c>McpOrchestrator:Secrets:NAME</c> (app setting <c>McpOrchestrator__Secrets__NAME</c>,
/// or a Key Vault reference behind it), falling back to <c>NAME</c>. References may sit inside a longer value
/// (<c>Bearer ${secret:TOKEN}</c>). The resolved values are returned with a <see cref="SecretRedactor"/> that hides
/// them from any text that leaves the connector. The references are parsed by <see cref="References"/>.
/// </summary>
public sealed class ReferenceResolver(IConfiguration configuration)
{
    public const string SecretsSection = "McpOrchestrator:Secrets";

    /// <summary>The server's env and headers with every reference replaced. Throws
    /// <see cref="McpServerException"/> (<see cref="McpFailureKind.UnresolvedReference"/>) naming the first reference
    /// that is not configured (never a value).</summary>
    public ResolvedValues Resolve(ServerConfig server)
    {
        var redactor = new SecretRedactor();
        var env = ResolveAll(server, server.Env, "env", redactor);
        var headers = ResolveAll(server, server.Headers, "header", redactor);
        return new ResolvedValues(env, headers, redactor);
    }

    private Dictionary<string, string> ResolveAll(ServerConfig server, IReadOnlyDictionary<string, string> values, string what, SecretRedactor redactor)
    {
        var resolved = new Dictionary<string, string>(values.Count, StringComparer.Ordinal);
        foreach (var (key, value) in values)
        {
            var result = References.Replace(value, (kind, name, reference) =>
            {
                var found = kind == References.SecretKind
                    ? configuration[$"{SecretsSection}:{name}"] ?? configuration[name]
                    : configuration[name];
                if (found is null)
                {
                    var where = kind == References.SecretKind
                        ? $"set McpOrchestrator__Secrets__{name} (or {name}) in the service's settings"
                        : $"set {name} in the service's settings or environment";
                    throw new McpServerException(
                        server.Name,
                        McpFailureKind.UnresolvedReference,
                        $"{what} {key} references {reference}, which is not configured: {where}");
                }

                return found;
            });

            resolved[key] = result;

            // Every env and header value is treated as sensitive: literals as much as resolved references.
            redactor.Add(result);
        }

        return resolved;
    }
}
