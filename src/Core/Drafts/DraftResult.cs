namespace McpOrchestrator.Core.Drafts;

/// <summary>The result of a draft change: what it produced (the added or removed entry, the number of entries
/// cleared) and the draft's <see cref="ETag"/> and version right after it.</summary>
public sealed record DraftResult<T>(T Value, string ETag, long Version);
