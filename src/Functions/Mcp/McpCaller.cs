using System.Security.Claims;
using McpOrchestrator.Core.Access;
using Microsoft.DurableTask.Client;

namespace McpOrchestrator.Functions.Mcp;

/// <summary>The caller of one <c>/mcp</c> request as the SDK's handlers see it (<c>RequestContext.User</c>): the
/// principal the authorization middleware authenticated, the invocation's Durable client, and a token that fires
/// when the client sends <c>notifications/cancelled</c> for the request.</summary>
public sealed class McpCaller : ClaimsIdentity
{
    public const string AuthenticationKind = "McpOrchestrator";

    public McpCaller(Principal principal, DurableTaskClient durable, CancellationToken cancelled)
        : base([new Claim(ClaimTypes.NameIdentifier, principal.Id)], AuthenticationKind)
    {
        Principal = principal;
        Durable = durable;
        Cancelled = cancelled;
    }

    public Principal Principal { get; }

    public DurableTaskClient Durable { get; }

    public CancellationToken Cancelled { get; }

    /// <summary>The caller of a request the endpoint let through; every request is, so its absence is a bug.</summary>
    public static McpCaller Of(ClaimsPrincipal? user) =>
        user?.Identities.OfType<McpCaller>().FirstOrDefault()
            ?? throw new InvalidOperationException("An MCP request reached a handler without the caller McpEndpoint sets.");
}
