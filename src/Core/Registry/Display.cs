using System.Globalization;
using System.Text;

namespace McpOrchestrator.Core.Registry;

/// <summary>User input as it may appear inside a problem detail: quoted, control and invisible characters escaped,
/// long values cut, so that a hostile value can neither forge lines in a message nor bloat it.</summary>
internal static class Display
{
    public static string Quote(string? value, int max = 48)
    {
        if (value is null)
        {
            return "null";
        }

        var builder = new StringBuilder(Math.Min(value.Length, max) + 8).Append('\'');
        var length = 0;
        foreach (var rune in value.EnumerateRunes())
        {
            if (length >= max)
            {
                builder.Append('…');
                break;
            }

            var category = Rune.GetUnicodeCategory(rune);
            if (Rune.IsControl(rune) || category is UnicodeCategory.Format or UnicodeCategory.LineSeparator
                    or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Surrogate)
            {
                builder.Append("\\u").Append(rune.Value.ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(rune.ToString());
            }

            length++;
        }

        // Lone surrogates do not enumerate as runes; EnumerateRunes yields U+FFFD for them, which is already safe.
        return builder.Append('\'').ToString();
    }

    public static string Count(int count) => count.ToString(CultureInfo.InvariantCulture);

    /// <summary>True when the text holds a control or invisible formatting character (tab and line feed allowed
    /// only when <paramref name="allowNewlines"/>), or a lone surrogate.</summary>
    public static bool HasForbiddenCharacters(string value, bool allowNewlines = false)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }

            if (allowNewlines && c is '\n' or '\t')
            {
                continue;
            }

            if (char.IsControl(c) || char.IsSurrogate(c) || char.GetUnicodeCategory(c) is UnicodeCategory.Format
                    or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                return true;
            }
        }

        return false;
    }

    public static string Join(IEnumerable<string> values) => string.Join(", ", values);
}
