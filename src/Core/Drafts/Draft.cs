using System.Text.Json.Serialization;

namespace McpOrchestrator.Core.Drafts;

/// <summary>A profile's draft as read: its entries ordered by name, and its <see cref="ETag"/> — an opaque quoted
/// string (<c>"7-3f9c…"</c>, or <c>"0"</c> for a draft never written) that changes with every change and is never
/// reused, to send back as <c>If-Match</c>. <see cref="Version"/> counts the changes made to the draft.</summary>
public sealed record Draft
{
    public required string ClientId { get; init; }

    public required string ProfileId { get; init; }

    public required IReadOnlyList<DraftEntry> Entries { get; init; }

    [JsonPropertyName("etag")]
    public required string ETag { get; init; }

    public long Version { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }
}
