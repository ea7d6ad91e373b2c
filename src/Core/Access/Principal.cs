namespace McpOrchestrator.Core.Access;

/// <summary>
/// Who made a request, as established by <see cref="CredentialValidator"/>: an API token (<see cref="TokenKind"/>,
/// <see cref="Id"/> = the token id, <see cref="Name"/> = the token's name) or the service's API key
/// (<see cref="ApiKey"/>, which holds every scope). Never carries a secret.
/// </summary>
public sealed record Principal(string Kind, string Id, string Name, IReadOnlyList<string> Scopes)
{
    public const string TokenKind = "token";
    public const string ApiKeyKind = "apiKey";

    /// <summary>The principal of the <c>X-API-Key</c> credential: every scope.</summary>
    public static Principal ApiKey { get; } = new(ApiKeyKind, "api-key", "API key", Access.Scopes.All);

    /// <summary>Whether this principal's scopes satisfy <paramref name="scope"/> (see <see cref="Access.Scopes.Grants"/>).</summary>
    public bool Has(string scope) => Access.Scopes.Grants(Scopes, scope);
}
