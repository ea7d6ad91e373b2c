using McpOrchestrator.Core.Access;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace McpOrchestrator.Functions.Http;

/// <summary>The one authorization step of every HTTP function: authenticates the request's <c>Authorization:
/// Bearer</c> token or <c>X-API-Key</c> and checks the scope the function declares with
/// <see cref="RequiresScopeAttribute"/> (or only the credential, with <see cref="RequiresCredentialAttribute"/>), before the function runs and so before anything reads the body.
/// 401 problem+json with <c>WWW-Authenticate: Bearer</c> for missing or bad credentials, 403
/// <c>insufficient_scope</c> for a valid credential without the scope.
/// Why worker middleware, with every trigger at <see cref="AuthorizationLevel.Anonymous"/>: Azure's function keys
/// are one shared secret per app or function with no scopes, no expiry and no per-caller revocation, and Core Tools
/// does not enforce them locally. Doing the check here makes it identical under Microsoft's worker (Azure,
/// <c>func start</c>) and the local runtime, and keeps the credentials ours: hashed tokens with scopes and expiry in
/// Table Storage, and the API key.</summary>
public sealed class AuthorizationMiddleware(FunctionAccess access, CredentialValidator credentials, PublicAddress address) : IFunctionsWorkerMiddleware
{
    /// <summary>Key of the authenticated <see cref="Principal"/> in <see cref="FunctionContext.Items"/>.</summary>
    public const string PrincipalKey = "McpOrchestrator.Principal";

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        var rule = access.RuleFor(context.FunctionDefinition.Name);
        var http = context.GetHttpContext();
        if (rule is null || http is null)
        {
            await next(context);
            return;
        }

        var headers = http.Request.Headers;
        var result = await credentials.AuthenticateAsync(
            headers.Authorization.Count > 0 ? headers.Authorization.ToString() : null,
            headers.TryGetValue("X-API-Key", out var apiKey) ? apiKey.ToString() : null,
            context.CancellationToken);
        if (!result.Succeeded)
        {
            var problem = result.Problem!;
            if (rule.ResourceMetadataPath is { } metadata && problem.Headers.TryGetValue(AccessProblems.WwwAuthenticateHeader, out var challenge))
            {
                problem = problem with
                {
                    Headers = new Dictionary<string, string>(problem.Headers)
                    {
                        [AccessProblems.WwwAuthenticateHeader] = $"{challenge}, resource_metadata=\"{address.Absolute(metadata, http.Request)}\"",
                    },
                };
            }

            context.GetInvocationResult().Value = new ProblemResult(problem);
            return;
        }

        var principal = result.Principal!;
        if (rule.Scope is { } scope && !principal.Has(scope))
        {
            context.GetInvocationResult().Value = new ProblemResult(AccessProblems.InsufficientScope(principal, scope));
            return;
        }

        context.Items[PrincipalKey] = principal;
        await next(context);
    }
}
