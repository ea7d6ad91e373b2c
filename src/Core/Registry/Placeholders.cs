using System.Text.RegularExpressions;

namespace McpOrchestrator.Core.Registry;

/// <summary><c>{param}</c> placeholders in args, URLs and header values. A placeholder is a parameter name in braces;
/// <c>${…}</c> is a reference (<c>${env:NAME}</c>), never a placeholder.</summary>
internal static partial class Placeholders
{
    /// <summary>The parameter names a template mentions, in order of first appearance.</summary>
    public static IReadOnlyList<string> Names(string? template)
    {
        if (string.IsNullOrEmpty(template))
        {
            return [];
        }

        return [.. Placeholder().Matches(template).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The name of the placeholder that <paramref name="template"/> starts with, or null.</summary>
    public static string? AtStart(string template) =>
        Placeholder().Match(template) is { Success: true, Index: 0 } match ? match.Groups[1].Value : null;

    /// <summary>Replaces every placeholder whose name <paramref name="valueOf"/> knows; others stay as written.
    /// Values are inserted verbatim and never scanned again.</summary>
    public static string Substitute(string template, Func<string, string?> valueOf) =>
        Placeholder().Replace(template, m => valueOf(m.Groups[1].Value) ?? m.Value);

    /// <summary>A regular expression matching what <paramref name="template"/> can produce, with one named group per
    /// placeholder (the first occurrence of a name captures; later ones must repeat it), for import matching.</summary>
    public static Regex ToPattern(string template, IReadOnlyDictionary<string, string> groupNames)
    {
        var pattern = new System.Text.StringBuilder("^");
        var last = 0;
        var captured = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match match in Placeholder().Matches(template))
        {
            pattern.Append(Regex.Escape(template[last..match.Index]));
            var group = groupNames[match.Groups[1].Value];
            pattern.Append(captured.Add(group) ? $"(?<{group}>.+?)" : $"\\k<{group}>");
            last = match.Index + match.Length;
        }

        pattern.Append(Regex.Escape(template[last..])).Append(@"\z");
        return new Regex(pattern.ToString(), RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromMilliseconds(100));
    }

    [GeneratedRegex(@"(?<!\$)\{([A-Za-z_][A-Za-z0-9_]{0,63})\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
