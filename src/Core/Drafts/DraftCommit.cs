namespace McpOrchestrator.Core.Drafts;

/// <summary>The outcome of a committed draft change: the draft's ETag and version right after the commit (shared by
/// every change committed together) and what the change produced.</summary>
internal sealed record DraftCommit(string ETag, long Version, object? Result);
