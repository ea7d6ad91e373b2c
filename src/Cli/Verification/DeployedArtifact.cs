using System.Text.Json;

namespace McpOrchestrator.Cli.Verification;

/// <summary>The body of <c>GET /v1/config/{clientId}/{profileId}</c> as the CLI reads it: the payload exactly as
/// signed, its artifactId, and the JWS with its key id. Nothing in it is trusted before
/// <see cref="ArtifactVerifier"/> has checked it.</summary>
public sealed record DeployedArtifact
{
    public required string ClientId { get; init; }

    public required string ProfileId { get; init; }

    public required int Version { get; init; }

    public required string ArtifactId { get; init; }

    public bool Deployed { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public required JsonElement Payload { get; init; }

    public required string Signature { get; init; }

    public string? Kid { get; init; }
}
