using System.Text.Json.Serialization;

namespace McpOrchestrator.Functions.Drafts;

public sealed record ClearedDraft(int Removed, [property: JsonPropertyName("etag")] string ETag);
