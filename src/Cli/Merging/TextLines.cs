namespace McpOrchestrator.Cli.Merging;

/// <summary>Line arithmetic on file text: 1-based line and column of an offset, the indentation of a line.</summary>
public static class TextLines
{
    public static (int Line, int Column) Position(string text, int offset)
    {
        ArgumentNullException.ThrowIfNull(text);
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < Math.Min(offset, text.Length); i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, offset - lineStart + 1);
    }

    /// <summary>The offset where the line holding <paramref name="offset"/> starts.</summary>
    public static int LineStart(string text, int offset)
    {
        ArgumentNullException.ThrowIfNull(text);
        var newline = offset <= 0 ? -1 : text.LastIndexOf('\n', Math.Min(offset, text.Length) - 1);
        return newline + 1;
    }

    /// <summary>The spaces and tabs that start the line holding <paramref name="offset"/>.</summary>
    public static string IndentOf(string text, int offset)
    {
        var start = LineStart(text, offset);
        var end = start;
        while (end < text.Length && text[end] is ' ' or '\t')
        {
            end++;
        }

        return text[start..end];
    }

    /// <summary>True when only spaces and tabs stand between the start of its line and <paramref name="offset"/>.</summary>
    public static bool StartsLine(string text, int offset)
    {
        var start = LineStart(text, offset);
        return text.AsSpan(start, offset - start).Trim(" \t").IsEmpty;
    }

    /// <summary>The line break the file uses (<c>\r\n</c> when its first line break is one).</summary>
    public static string NewLine(string text)
    {
        var first = text.IndexOf('\n', StringComparison.Ordinal);
        return first > 0 && text[first - 1] == '\r' ? "\r\n" : "\n";
    }
}
