namespace McpOrchestrator.Core.Signing;

/// <summary>A signing key as the API shows it: id (the JWK thumbprint), algorithm, public JWK and state. Never holds
/// private key material.</summary>
public sealed record SigningKeyInfo
{
    public required string KeyId { get; init; }

    /// <summary>Always <c>ES256</c>.</summary>
    public required string Algorithm { get; init; }

    public required JsonWebKey PublicJwk { get; init; }

    /// <summary><see cref="SigningKeyStates.Current"/> or <see cref="SigningKeyStates.Retired"/>.</summary>
    public required string Status { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? RetiredAt { get; init; }
}
