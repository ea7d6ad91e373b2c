namespace McpOrchestrator.Core.Paging;

/// <summary>The items of one page in the list's stable order, and the cursor of the next page (null on the last).</summary>
public sealed record ListPage<T>(IReadOnlyList<T> Items, string? Next);
