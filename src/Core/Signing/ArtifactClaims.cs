using System.Globalization;
using System.Text.Json.Nodes;
using McpOrchestrator.Core.Canonical;

namespace McpOrchestrator.Core.Signing;

/// <summary>
/// What an artifact's signature covers: the JWS payload is the JCS form of
/// <c>{artifactId, clientId, profileId, version, createdAt}</c>, with <c>createdAt</c> written as
/// <see cref="FormatCreatedAt"/> does (RFC 3339 UTC, exactly three fractional digits, <c>Z</c>, which is also what
/// JavaScript's <c>Date.prototype.toISOString</c> writes).
/// </summary>
public sealed record ArtifactClaims
{
    /// <summary>The <c>typ</c> of an artifact signature's protected header.</summary>
    public const string JwsType = "mcp-artifact+jws";

    /// <summary><c>sha256:</c> followed by 64 lowercase hex digits.</summary>
    public required string ArtifactId { get; init; }

    public required string ClientId { get; init; }

    public required string ProfileId { get; init; }

    public required int Version { get; init; }

    /// <summary>When the artifact was created; only whole milliseconds are signed.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary><c>yyyy-MM-ddTHH:mm:ss.fffZ</c> in UTC, e.g. <c>2026-11-20T12:00:00.000Z</c>; sub-millisecond
    /// ticks are truncated.</summary>
    public static string FormatCreatedAt(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>The exact JWS payload bytes.</summary>
    public byte[] ToPayload() => JsonCanonicalizer.Canonicalize(new JsonObject
    {
        ["artifactId"] = ArtifactId,
        ["clientId"] = ClientId,
        ["profileId"] = ProfileId,
        ["version"] = Version,
        ["createdAt"] = FormatCreatedAt(CreatedAt),
    });
}
