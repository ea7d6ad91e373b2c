using System.Text.Json.Serialization;

namespace McpOrchestrator.Core.Drafts;

/// <summary>What an import did: the entries made from the content (registry matches carry a <c>serverId</c> and
/// extracted <c>params</c>; others carry <c>inline</c>), which client's format the content was read as, the names
/// added, updated (replaced by the imported version), unchanged and removed (only with
/// <see cref="ImportMode.Replace"/>), and the draft's ETag afterwards (unchanged when nothing changed).</summary>
public sealed record ImportResult
{
    public required ImportMode Mode { get; init; }

    public required string Format { get; init; }

    public required IReadOnlyList<DraftEntry> Entries { get; init; }

    public required IReadOnlyList<string> Added { get; init; }

    public required IReadOnlyList<string> Updated { get; init; }

    public required IReadOnlyList<string> Unchanged { get; init; }

    public required IReadOnlyList<string> Removed { get; init; }

    [JsonPropertyName("etag")]
    public required string ETag { get; init; }

    public long Version { get; init; }
}
