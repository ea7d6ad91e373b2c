namespace McpOrchestrator.Core.Signing;

/// <summary>An artifact's signature: the compact JWS and the id of the key that made it (also its header's
/// <c>kid</c>).</summary>
public sealed record ArtifactSignature
{
    public required string Jws { get; init; }

    public required string KeyId { get; init; }
}
