namespace McpOrchestrator.Core.Formats.Documents;

/// <summary>A 1-based line and column in imported text (columns count UTF-16 characters); <see cref="None"/> for
/// nodes built in memory.</summary>
internal readonly record struct TextPosition(int Line, int Column)
{
    public static TextPosition None => default;

    public bool IsKnown => Line > 0;

    public override string ToString() => IsKnown ? $"line {Line}, column {Column}" : "an unknown position";
}
