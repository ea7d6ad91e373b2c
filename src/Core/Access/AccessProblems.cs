using McpOrchestrator.Core.Problems;

namespace McpOrchestrator.Core.Access;

/// <summary>
/// The problems of authentication and authorization. 401s carry <c>WWW-Authenticate: Bearer realm="mcp-orchestrator"</c>
/// (RFC 6750), with <c>error="invalid_token"</c> when a credential was presented; 403 carries
/// <c>error="insufficient_scope"</c> and the scope. No detail ever contains a presented credential.
/// </summary>
public static class AccessProblems
{
    public const string Realm = "mcp-orchestrator";
    public const string WwwAuthenticateHeader = "WWW-Authenticate";

    /// <summary>The challenge of a request that sent no credential.</summary>
    public const string Challenge = "Bearer realm=\"" + Realm + "\"";

    /// <summary>The challenge of a request whose credential was refused.</summary>
    public const string InvalidTokenChallenge = Challenge + ", error=\"invalid_token\"";

    /// <summary>403 <c>insufficient_scope</c>: <paramref name="principal"/> is authenticated but lacks <paramref name="requiredScope"/>.</summary>
    public static Problem InsufficientScope(Principal principal, string requiredScope)
    {
        ArgumentNullException.ThrowIfNull(principal);
        var held = principal.Scopes.Count == 0 ? "none" : string.Join(", ", principal.Scopes);
        var satisfying = string.Join(", ", Scopes.GrantedBy(requiredScope));
        return new Problem
        {
            Status = 403,
            Code = "insufficient_scope",
            Title = "Insufficient scope",
            Detail = $"This operation requires the '{requiredScope}' scope, which {Describe(principal)} does not have (it has: {held}). "
                + $"Use a token with one of these scopes: {satisfying}; an administrator can issue one with POST /v1/tokens.",
            Headers = Header($"{Challenge}, error=\"insufficient_scope\", scope=\"{requiredScope}\""),
            Extensions = new Dictionary<string, object?> { ["requiredScope"] = requiredScope },
        };
    }

    internal static Problem CredentialsMissing() => Unauthorized(
        "credentials_missing",
        "Credentials missing",
        "This endpoint needs a credential. Send 'Authorization: Bearer <token>' with an API token (an administrator issues one with POST /v1/tokens), or 'X-API-Key: <key>' with the service's API key.",
        Challenge);

    internal static Problem TokenInvalid(string detail) => Unauthorized("token_invalid", "Invalid credentials", detail, InvalidTokenChallenge);

    internal static Problem ApiKeyDisabled() => Unauthorized(
        "api_key_disabled",
        "API key authentication is off",
        "This service accepts no X-API-Key: no API key is configured. Send 'Authorization: Bearer <token>' with an API token instead, or ask the operator to set the app setting McpOrchestrator__ApiKey.",
        InvalidTokenChallenge);

    internal static Problem TokenNotFound(string detail) => new()
    {
        Status = 404,
        Code = "token_not_found",
        Title = "Token not found",
        Detail = detail,
    };

    internal static Problem BadRequest(string code, string title, string detail) => new()
    {
        Status = 400,
        Code = code,
        Title = title,
        Detail = detail,
    };

    private static string Describe(Principal principal) => principal.Kind == Principal.ApiKeyKind
        ? "the API key"
        : $"token '{principal.Name}' ({principal.Id})";

    private static Problem Unauthorized(string code, string title, string detail, string challenge) => new()
    {
        Status = 401,
        Code = code,
        Title = title,
        Detail = detail,
        Headers = Header(challenge),
    };

    private static Dictionary<string, string> Header(string challenge) => new() { [WwwAuthenticateHeader] = challenge };
}
