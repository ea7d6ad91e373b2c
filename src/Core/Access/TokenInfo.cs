namespace McpOrchestrator.Core.Access;

/// <summary>An API token as <c>GET /v1/tokens</c> lists it: everything about it except the secret and its hash.</summary>
public sealed record TokenInfo
{
    /// <summary>The token's public id (<c>tok_</c> + 16 hex characters), used to revoke it.</summary>
    public required string Id { get; init; }

    public required string Name { get; init; }

    /// <summary>The scopes it holds, in canonical order.</summary>
    public required IReadOnlyList<string> Scopes { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it stops being accepted; null if it never expires.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>When it last authenticated a request, to within about a minute; null if never used.</summary>
    public DateTimeOffset? LastUsedAt { get; init; }

    /// <summary>When it was revoked; null while it is not.</summary>
    public DateTimeOffset? RevokedAt { get; init; }

    /// <summary>The <see cref="Principal.Id"/> that issued it: <c>api-key</c> or another token's id.</summary>
    public required string CreatedBy { get; init; }
}
