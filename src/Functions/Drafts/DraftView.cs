using System.Text.Json.Serialization;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Drafts;
using McpOrchestrator.Core.Validation;

namespace McpOrchestrator.Functions.Drafts;

/// <summary><c>GET .../draft</c>: the entries as the user gave them, the servers they resolve to, the draft rendered as
/// the client's native file text, and what stops an entry from being rendered.</summary>
public sealed record DraftView(
    string ClientId,
    string ProfileId,
    [property: JsonPropertyName("etag")] string ETag,
    long Version,
    DateTimeOffset? UpdatedAt,
    IReadOnlyList<DraftEntry> Entries,
    IReadOnlyList<ServerConfig> Servers,
    string? Rendered,
    IReadOnlyList<ValidationIssue> Issues)
{
    public static DraftView From(ResolvedDraft resolved) => new(
        resolved.Draft.ClientId,
        resolved.Draft.ProfileId,
        resolved.Draft.ETag,
        resolved.Draft.Version,
        resolved.Draft.UpdatedAt,
        resolved.Draft.Entries,
        resolved.Servers,
        resolved.Rendered,
        resolved.Issues);
}
