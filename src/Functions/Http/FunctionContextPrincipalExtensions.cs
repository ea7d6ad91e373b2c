using McpOrchestrator.Core.Access;
using Microsoft.Azure.Functions.Worker;

namespace McpOrchestrator.Functions.Http;

public static class FunctionContextPrincipalExtensions
{
    /// <summary>The caller <see cref="AuthorizationMiddleware"/> authenticated for this invocation.</summary>
    public static Principal GetPrincipal(this FunctionContext context) =>
        context.Items.TryGetValue(AuthorizationMiddleware.PrincipalKey, out var value) && value is Principal principal
            ? principal
            : throw new InvalidOperationException($"Function '{context.FunctionDefinition.Name}' has no authenticated caller; is it [PublicEndpoint]?");
}
