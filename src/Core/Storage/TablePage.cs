namespace McpOrchestrator.Core.Storage;

/// <summary>
/// One page of query results. <see cref="ContinuationToken"/> is opaque; pass it back to get the next page, or null
/// when there is none. A page can be empty and still carry a token.
/// </summary>
public sealed record TablePage(IReadOnlyList<TableEntity> Items, string? ContinuationToken);
