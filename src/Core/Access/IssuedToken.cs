namespace McpOrchestrator.Core.Access;

/// <summary>The answer to issuing a token (<c>POST /v1/tokens</c>, 201). <see cref="Token"/> is the secret; this is
/// the only time the service ever has it in a form it can give back.</summary>
public sealed record IssuedToken
{
    public required string Id { get; init; }

    /// <summary>The secret, in the <see cref="TokenFormat"/> format, for <c>Authorization: Bearer</c>.</summary>
    public required string Token { get; init; }

    public required string Name { get; init; }

    public required IReadOnlyList<string> Scopes { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }
}
