using System.Text;

namespace McpOrchestrator.Cli.Merging;

/// <summary>Puts rendered server tables into an existing TOML file (Codex): every table under the collection path
/// (<c>[mcp_servers]</c>, <c>[mcp_servers.x]</c>, <c>[mcp_servers.x.env]</c>, arrays of tables) is replaced by the
/// rendered ones, written where the first of them was (or at the end); every other table, key, comment and blank line
/// stays as it was. Comments just above the next kept table stay with it.</summary>
public static class TomlSectionMerger
{
    public static string Merge(string existing, IReadOnlyList<string> path, string rendered)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(rendered);
        var newline = TextLines.NewLine(existing);
        var lines = existing.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        var sections = Sections(lines, path);
        var output = new List<string>();
        var inserted = false;
        var block = rendered.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
        for (var s = 0; s < sections.Count; s++)
        {
            var (start, end, removed) = sections[s];
            if (!removed)
            {
                output.AddRange(lines.GetRange(start, end - start));
                continue;
            }

            // Comment and blank lines at the end of a replaced table belong to the kept table that follows.
            var nextKept = s + 1 < sections.Count && !sections[s + 1].Removed;
            var keepFrom = end;
            while (nextKept && keepFrom > start + 1 && IsTrivia(lines[keepFrom - 1]))
            {
                keepFrom--;
            }

            if (!inserted)
            {
                if (output.Count > 0 && output[^1].Trim().Length > 0)
                {
                    output.Add(string.Empty);
                }

                output.AddRange(block);
                inserted = true;
                if (nextKept && (keepFrom == end || lines[keepFrom].Trim().Length > 0))
                {
                    output.Add(string.Empty);
                }
            }

            // No second blank line where a replaced table stood between two kept ones.
            while (keepFrom < end && lines[keepFrom].Trim().Length == 0 && output.Count > 0 && output[^1].Trim().Length == 0)
            {
                keepFrom++;
            }

            output.AddRange(lines.GetRange(keepFrom, end - keepFrom));
        }

        if (!inserted)
        {
            while (output.Count > 0 && output[^1].Trim().Length == 0)
            {
                output.RemoveAt(output.Count - 1);
            }

            if (output.Count > 0)
            {
                output.Add(string.Empty);
            }

            output.AddRange(block);
        }

        return string.Join(newline, output) + newline;
    }

    /// <summary>The file split at its table headers: the root part, then each table from its header to the next
    /// header; a table is removed when its key path starts with <paramref name="path"/>.</summary>
    private static List<(int Start, int End, bool Removed)> Sections(List<string> lines, IReadOnlyList<string> path)
    {
        var sections = new List<(int Start, int End, bool Removed)>();
        var start = 0;
        var removed = false;
        string? multiline = null;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (multiline is not null)
            {
                if (CountOccurrences(line, multiline) % 2 == 1)
                {
                    multiline = null;
                }

                continue;
            }

            var trimmed = line.TrimStart(' ', '\t');
            if (trimmed.StartsWith('['))
            {
                sections.Add((start, i, removed));
                start = i;
                var keys = HeaderKeys(trimmed, i + 1);
                removed = keys.Count >= path.Count && keys.Take(path.Count).SequenceEqual(path, StringComparer.Ordinal);
                continue;
            }

            if (sections.Count == 0 && !IsTrivia(line))
            {
                var key = KeyPath(trimmed, 0, '=', i + 1).Keys;
                if (key.Count > 0 && key[0] == path[0])
                {
                    throw new MergeException(
                        $"line {i + 1} sets '{string.Join('.', key)}' outside a table; write the servers as [{string.Join('.', path)}.<name>] tables (or remove that line) so they can be replaced");
                }
            }

            foreach (var quote in (string[])["\"\"\"", "'''"])
            {
                if (CountOccurrences(line, quote) % 2 == 1)
                {
                    multiline = quote;
                    break;
                }
            }
        }

        sections.Add((start, lines.Count, removed));
        return sections.Where(s => s.End > s.Start).ToList();
    }

    private static List<string> HeaderKeys(string header, int lineNumber)
    {
        var array = header.StartsWith("[[", StringComparison.Ordinal);
        var (keys, end) = KeyPath(header, array ? 2 : 1, ']', lineNumber);
        return end < 0 ? throw new MergeException($"the table header at line {lineNumber} is not closed with ']'") : keys;
    }

    /// <summary>A dotted key (bare, "basic" or 'literal' parts) from <paramref name="start"/> up to
    /// <paramref name="terminator"/>; the end is -1 when the terminator is missing.</summary>
    private static (List<string> Keys, int End) KeyPath(string text, int start, char terminator, int lineNumber)
    {
        var keys = new List<string>();
        var i = start;
        while (i < text.Length)
        {
            while (i < text.Length && text[i] is ' ' or '\t')
            {
                i++;
            }

            if (i >= text.Length)
            {
                break;
            }

            var c = text[i];
            if (c == terminator)
            {
                return (keys, i);
            }

            if (c == '.')
            {
                i++;
                continue;
            }

            if (c is '"' or '\'')
            {
                var builder = new StringBuilder();
                i++;
                while (i < text.Length && text[i] != c)
                {
                    if (c == '"' && text[i] == '\\' && i + 1 < text.Length)
                    {
                        i++;
                        builder.Append(text[i] switch { 'n' => '\n', 't' => '\t', _ => text[i] });
                    }
                    else
                    {
                        builder.Append(text[i]);
                    }

                    i++;
                }

                if (i >= text.Length)
                {
                    throw new MergeException($"a quoted key at line {lineNumber} is not closed");
                }

                i++;
                keys.Add(builder.ToString());
                continue;
            }

            var begin = i;
            while (i < text.Length && (char.IsAsciiLetterOrDigit(text[i]) || text[i] is '_' or '-'))
            {
                i++;
            }

            if (i == begin)
            {
                return (keys, -1);
            }

            keys.Add(text[begin..i]);
        }

        return (keys, -1);
    }

    private static bool IsTrivia(string line)
    {
        var trimmed = line.Trim();
        return trimmed.Length == 0 || trimmed.StartsWith('#');
    }

    private static int CountOccurrences(string line, string quote)
    {
        var count = 0;
        for (var i = line.IndexOf(quote, StringComparison.Ordinal); i >= 0; i = line.IndexOf(quote, i + quote.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
