using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace McpOrchestrator.Cli.Merging;

/// <summary>Puts a rendered server collection into an existing JSON or JSONC file: the member at the collection
/// path gets the new value, or is added at the end of its object; every other character of the file (other
/// settings, comments, order, trailing commas, line ends) stays as it was. The new value is indented like its
/// surroundings.</summary>
public static class JsonSectionMerger
{
    private const int RenderedIndent = 2;
    private static readonly JsonSerializerOptions KeyOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The text of <paramref name="existing"/> with the collection at <paramref name="path"/> taken from
    /// <paramref name="rendered"/> (a document Core rendered for the client).</summary>
    public static string Merge(string existing, IReadOnlyList<string> path, string rendered)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(rendered);
        var value = RenderedValue(rendered, path);
        var root = JsoncScanner.ReadRoot(existing);
        var newline = TextLines.NewLine(existing);
        var unit = IndentUnit(existing, root);
        var current = root;
        for (var i = 0; i < path.Count; i++)
        {
            var member = current.Find(path[i]);
            if (member is null)
            {
                return Insert(existing, current, path.Skip(i).ToList(), value, unit, newline);
            }

            if (i == path.Count - 1)
            {
                var indent = TextLines.IndentOf(existing, member.KeyStart);
                var text = Reindent(value.Text, value.BaseIndent, indent, unit, newline);
                return existing[..member.ValueStart] + text + existing[member.ValueEnd..];
            }

            if (member.Nested is null)
            {
                var (line, column) = TextLines.Position(existing, member.ValueStart);
                throw new MergeException($"'{path[i]}' at line {line}, column {column} is not an object, so its servers cannot be written into it");
            }

            current = member.Nested;
        }

        throw new InvalidOperationException("The collection path is empty.");
    }

    private static (string Text, int BaseIndent) RenderedValue(string rendered, IReadOnlyList<string> path)
    {
        var current = JsoncScanner.ReadRoot(rendered);
        for (var i = 0; i < path.Count; i++)
        {
            var member = current.Find(path[i]) ?? throw new InvalidOperationException($"The rendered document has no '{path[i]}'.");
            if (i == path.Count - 1)
            {
                return (rendered[member.ValueStart..member.ValueEnd], RenderedIndent * path.Count);
            }

            current = member.Nested ?? throw new InvalidOperationException($"The rendered '{path[i]}' is not an object.");
        }

        throw new InvalidOperationException("The collection path is empty.");
    }

    private static string Insert(string existing, JsoncObject target, IReadOnlyList<string> keys, (string Text, int BaseIndent) value, string unit, string newline)
    {
        var memberIndent = target.Members.Count > 0 && TextLines.StartsLine(existing, target.Members[0].KeyStart)
            ? TextLines.IndentOf(existing, target.Members[0].KeyStart)
            : TextLines.IndentOf(existing, target.Open) + unit;
        var member = MemberText(keys, value, memberIndent, unit, newline);
        var closeIndent = TextLines.IndentOf(existing, target.Close);
        if (target.Members.Count == 0)
        {
            var inner = existing[(target.Open + 1)..target.Close];
            return inner.Trim().Length == 0
                ? existing[..(target.Open + 1)] + newline + memberIndent + member + newline + closeIndent + existing[target.Close..]
                : existing[..(target.Open + 1)] + newline + memberIndent + member + existing[(target.Open + 1)..];
        }

        var last = target.Members[^1];
        var after = JsoncScanner.SkipAllTrivia(existing, last.ValueEnd);
        var hasComma = after < existing.Length && existing[after] == ',';
        var insertAt = JsoncScanner.SkipInlineTrivia(existing, hasComma ? after + 1 : last.ValueEnd);
        var atLineEnd = insertAt >= existing.Length || existing[insertAt] is '\n' or '\r';
        if (atLineEnd && insertAt > 0 && insertAt < existing.Length && existing[insertAt] == '\n' && existing[insertAt - 1] == '\r')
        {
            insertAt--;
        }

        var insertion = newline + memberIndent + member + (atLineEnd ? string.Empty : newline + closeIndent);
        var builder = new StringBuilder(existing);
        builder.Insert(insertAt, insertion);
        if (!hasComma)
        {
            builder.Insert(last.ValueEnd, ',');
        }

        return builder.ToString();
    }

    private static string MemberText(IReadOnlyList<string> keys, (string Text, int BaseIndent) value, string indent, string unit, string newline)
    {
        var key = JsonSerializer.Serialize(keys[0], KeyOptions);
        if (keys.Count == 1)
        {
            return key + ": " + Reindent(value.Text, value.BaseIndent, indent, unit, newline);
        }

        var inner = MemberText(keys.Skip(1).ToList(), value, indent + unit, unit, newline);
        return key + ": {" + newline + indent + unit + inner + newline + indent + "}";
    }

    /// <summary>Re-indents a rendered value (two spaces per level, its key at <paramref name="baseIndent"/> spaces)
    /// for a key indented by <paramref name="indent"/> in a file that indents by <paramref name="unit"/>.</summary>
    private static string Reindent(string text, int baseIndent, string indent, string unit, string newline)
    {
        var lines = text.Split('\n');
        var builder = new StringBuilder(lines[0]);
        foreach (var line in lines.Skip(1))
        {
            var spaces = line.Length - line.TrimStart(' ').Length;
            var levels = Math.Max(0, (spaces - baseIndent) / RenderedIndent);
            builder.Append(newline).Append(indent);
            for (var i = 0; i < levels; i++)
            {
                builder.Append(unit);
            }

            builder.Append(line.TrimStart(' '));
        }

        return builder.ToString();
    }

    private static string IndentUnit(string text, JsoncObject root)
    {
        var first = root.Members.FirstOrDefault(m => TextLines.StartsLine(text, m.KeyStart));
        if (first is null)
        {
            return "  ";
        }

        var memberIndent = TextLines.IndentOf(text, first.KeyStart);
        var rootIndent = TextLines.IndentOf(text, root.Open);
        var unit = memberIndent.StartsWith(rootIndent, StringComparison.Ordinal) ? memberIndent[rootIndent.Length..] : memberIndent;
        return unit.Length == 0 ? "  " : unit;
    }
}
