using System.Text.Json;

namespace McpOrchestrator.Core.Publishing.Artifacts;

/// <summary>
/// What to publish as the next version of a profile. <see cref="IdempotencyKey"/> (the pipeline's instance id) makes
/// the publish idempotent: every call with the same key for the same profile returns the one version the first
/// successful call created.
/// </summary>
public sealed record PublishRequest
{
    public required string ClientId { get; init; }

    public required string ProfileId { get; init; }

    /// <summary>The configuration; stored and hashed in its RFC 8785 canonical form.</summary>
    public required JsonElement Payload { get; init; }

    public string? Changelog { get; init; }

    /// <summary>Who published: a token id or <c>api-key</c>.</summary>
    public required string PublishedBy { get; init; }

    /// <summary>The validation outcome to keep with the artifact (counts, codes, probe results), if any.</summary>
    public JsonElement? ValidationSummary { get; init; }

    public string? IdempotencyKey { get; init; }
}
