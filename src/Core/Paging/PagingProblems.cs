using McpOrchestrator.Core.Problems;

namespace McpOrchestrator.Core.Paging;

/// <summary>400 <c>invalid_cursor</c>: a cursor this list did not hand out.</summary>
public static class PagingProblems
{
    public static Problem InvalidCursor(string list) => new()
    {
        Status = 400,
        Code = "invalid_cursor",
        Title = "Invalid cursor",
        Detail = $"The cursor is not one this {list} list handed out (malformed, altered, or from another list). Pass the cursor of the previous page unchanged, or follow its nextLink; leave cursor out to start from the first page.",
    };
}
