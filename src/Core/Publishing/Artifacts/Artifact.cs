using System.Text.Json;
using McpOrchestrator.Core.Signing;

namespace McpOrchestrator.Core.Publishing.Artifacts;

/// <summary>
/// One published, immutable configuration: version <see cref="Version"/> (1, 2, 3 … per profile) of
/// (<see cref="ClientId"/>, <see cref="ProfileId"/>). <see cref="ArtifactId"/> is <c>sha256:</c> + lowercase hex of
/// the SHA-256 of the RFC 8785 form of <see cref="Payload"/>; <see cref="Signature"/> is a compact ES256 JWS by key
/// <see cref="Kid"/> over <see cref="ToClaims"/>. Identical payloads in two profiles are two artifacts.
/// </summary>
public sealed record Artifact
{
    public required string ClientId { get; init; }

    public required string ProfileId { get; init; }

    public required int Version { get; init; }

    public required string ArtifactId { get; init; }

    /// <summary>The configuration, in canonical form.</summary>
    public required JsonElement Payload { get; init; }

    public string? Changelog { get; init; }

    public required string PublishedBy { get; init; }

    /// <summary>Whole milliseconds, UTC: exactly what the signature covers.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    public JsonElement? ValidationSummary { get; init; }

    public required string Signature { get; init; }

    public required string Kid { get; init; }

    /// <summary>The key of the publish that created it (the pipeline's instance id), when one was given.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>What <see cref="Signature"/> signs.</summary>
    public ArtifactClaims ToClaims() => new()
    {
        ArtifactId = ArtifactId,
        ClientId = ClientId,
        ProfileId = ProfileId,
        Version = Version,
        CreatedAt = CreatedAt,
    };
}
