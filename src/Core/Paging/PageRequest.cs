namespace McpOrchestrator.Core.Paging;

/// <summary>One page of a list: at most <see cref="Limit"/> items (1 to <see cref="MaxLimit"/>) after the position
/// <see cref="Cursor"/> names (an opaque <see cref="PageCursor"/> from the previous page; null for the first page).</summary>
public sealed record PageRequest
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 1000;

    public static PageRequest First { get; } = new();

    public int Limit { get; init; } = DefaultLimit;

    public string? Cursor { get; init; }
}
