namespace McpOrchestrator.Core.Access;

/// <summary>The body of <c>POST /v1/tokens</c>. A plain DTO: <see cref="TokenService.IssueAsync"/> validates it
/// (name, scopes, expiry) and answers 400 with a stable code when it is wrong.</summary>
public sealed record CreateTokenRequest
{
    /// <summary>What the token is for, e.g. <c>n8n-prod</c>: 1 to 64 characters after trimming, no control characters.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>At least one of <c>read</c>, <c>write</c>, <c>admin</c>, <c>tools</c>; duplicates are ignored.</summary>
    public IReadOnlyList<string> Scopes { get; init; } = [];

    /// <summary>When the token stops working: in the future and at most 10 years ahead; null for never.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }
}
