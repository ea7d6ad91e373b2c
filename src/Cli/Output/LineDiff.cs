namespace McpOrchestrator.Cli.Output;

/// <summary>A line diff of two texts for showing what a write would change: unchanged lines around each change as
/// context, <c>-</c> for removed lines, <c>+</c> for added ones (longest common subsequence; very large files are
/// summarised instead).</summary>
public static class LineDiff
{
    private const int Context = 2;
    private const long MaxCells = 4_000_000;

    /// <summary>The diff lines, each starting with <c>' '</c>, <c>'-'</c>, <c>'+'</c>, or <c>'@'</c> for a skipped
    /// stretch; empty when the texts are equal.</summary>
    public static IReadOnlyList<string> Lines(string? before, string after)
    {
        ArgumentNullException.ThrowIfNull(after);
        var a = Split(before ?? string.Empty);
        var b = Split(after);
        if (a.SequenceEqual(b, StringComparer.Ordinal))
        {
            return [];
        }

        if ((long)a.Length * b.Length > MaxCells)
        {
            return [$"@ {a.Length} lines become {b.Length} lines (too large to show line by line)"];
        }

        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var script = new List<(char Kind, string Text)>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                script.Add((' ', a[x++]));
                y++;
            }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y]))
            {
                script.Add(('+', b[y++]));
            }
            else
            {
                script.Add(('-', a[x++]));
            }
        }

        var keep = new bool[script.Count];
        for (var i = 0; i < script.Count; i++)
        {
            if (script[i].Kind != ' ')
            {
                for (var k = Math.Max(0, i - Context); k <= Math.Min(script.Count - 1, i + Context); k++)
                {
                    keep[k] = true;
                }
            }
        }

        var lines = new List<string>();
        var skipped = 0;
        for (var i = 0; i < script.Count; i++)
        {
            if (!keep[i])
            {
                skipped++;
                continue;
            }

            if (skipped > 0)
            {
                lines.Add($"@ {skipped} unchanged line{(skipped == 1 ? "" : "s")}");
                skipped = 0;
            }

            lines.Add(script[i].Kind + script[i].Text);
        }

        if (skipped > 0)
        {
            lines.Add($"@ {skipped} unchanged line{(skipped == 1 ? "" : "s")}");
        }

        return lines;
    }

    private static string[] Split(string text)
    {
        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (normalized.EndsWith('\n'))
        {
            normalized = normalized[..^1];
        }

        return normalized.Length == 0 ? [] : normalized.Split('\n');
    }
}
