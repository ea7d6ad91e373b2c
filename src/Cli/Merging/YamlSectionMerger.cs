namespace McpOrchestrator.Cli.Merging;

/// <summary>Puts a rendered server collection into an existing YAML file (Continue, Goose): the block of the
/// top-level collection key (from its line to the next top-level line) is replaced by the rendered block, or the
/// block is added at the end; every other key, comment and blank line stays as it was.</summary>
public static class YamlSectionMerger
{
    public static string Merge(string existing, IReadOnlyList<string> path, string rendered)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(rendered);
        if (path.Count != 1)
        {
            throw new MergeException($"mcpo can only merge a top-level YAML key, not {string.Join('.', path)}");
        }

        var newline = TextLines.NewLine(existing);
        var lines = SplitLines(existing);
        var renderedLines = SplitLines(rendered);
        var (blockStart, blockEnd) = Block(renderedLines, path[0]);
        if (blockStart < 0)
        {
            throw new InvalidOperationException($"The rendered document has no '{path[0]}'.");
        }

        var block = renderedLines.GetRange(blockStart, blockEnd - blockStart);
        while (block.Count > 0 && block[^1].Trim().Length == 0)
        {
            block.RemoveAt(block.Count - 1);
        }

        var (start, end) = Block(lines, path[0]);
        List<string> output;
        if (start < 0)
        {
            output = [.. lines];
            while (output.Count > 0 && output[^1].Trim().Length == 0)
            {
                output.RemoveAt(output.Count - 1);
            }

            output.AddRange(block);
        }
        else
        {
            // Comment and blank lines at the end of the block belong to the next top-level key.
            var keepFrom = end;
            while (end < lines.Count && keepFrom > start + 1 && IsTrivia(lines[keepFrom - 1]))
            {
                keepFrom--;
            }

            output = [.. lines.GetRange(0, start), .. block, .. lines.GetRange(keepFrom, lines.Count - keepFrom)];
        }

        return string.Join(newline, output) + newline;
    }

    /// <summary>The lines of the top-level <paramref name="key"/>: its line and every following line that is
    /// indented, blank, a comment, or a list item at column 0 (a block sequence may sit at its key's indentation).</summary>
    private static (int Start, int End) Block(List<string> lines, string key)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            if (!IsKeyLine(lines[i], key))
            {
                continue;
            }

            var end = i + 1;
            while (end < lines.Count)
            {
                var line = lines[end];
                if (line.Length > 0 && line[0] is not (' ' or '\t' or '#') && !line.StartsWith("- ", StringComparison.Ordinal) && line != "-")
                {
                    break;
                }

                end++;
            }

            return (i, end);
        }

        return (-1, -1);
    }

    private static bool IsKeyLine(string line, string key)
    {
        foreach (var spelled in (string[])[key, $"\"{key}\"", $"'{key}'"])
        {
            if (line.StartsWith(spelled, StringComparison.Ordinal))
            {
                var rest = line[spelled.Length..].TrimStart(' ', '\t');
                if (rest.StartsWith(':'))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsTrivia(string line)
    {
        var trimmed = line.Trim();
        return trimmed.Length == 0 || trimmed.StartsWith('#');
    }

    private static List<string> SplitLines(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines;
    }
}
