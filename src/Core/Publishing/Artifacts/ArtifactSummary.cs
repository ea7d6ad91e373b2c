using System.Text.Json;
using McpOrchestrator.Core.Signing;

namespace McpOrchestrator.Core.Publishing.Artifacts;

/// <summary>An artifact without its payload, as history lists it; <see cref="PayloadBytes"/> is the size of the
/// canonical payload.</summary>
public sealed record ArtifactSummary
{
    public required string ClientId { get; init; }

    public required string ProfileId { get; init; }

    public required int Version { get; init; }

    public required string ArtifactId { get; init; }

    public string? Changelog { get; init; }

    public required string PublishedBy { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public JsonElement? ValidationSummary { get; init; }

    public required string Signature { get; init; }

    public required string Kid { get; init; }

    public required int PayloadBytes { get; init; }

    public ArtifactClaims ToClaims() => new()
    {
        ArtifactId = ArtifactId,
        ClientId = ClientId,
        ProfileId = ProfileId,
        Version = Version,
        CreatedAt = CreatedAt,
    };
}
