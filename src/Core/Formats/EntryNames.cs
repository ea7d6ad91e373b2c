using System.Text;
using System.Text.RegularExpressions;

namespace McpOrchestrator.Core.Formats;

/// <summary>Entry names are ids (<c>^[a-z0-9][a-z0-9._-]{0,63}$</c>). Real client files use display names ("GitHub",
/// "Brave Search", "@scope/server"), so import normalises them: a valid id stays as it is; otherwise ASCII letters are
/// lower-cased, digits, <c>.</c> and <c>_</c> kept, every run of other characters (dashes included) becomes one
/// <c>-</c>, separators are trimmed from the start and dashes from the end, and the result is cut to 64 characters. Names that collide after
/// that get <c>-2</c>, <c>-3</c> … in document order. A name with no ASCII letter or digit is refused
/// (<c>invalid_entry_name</c>).</summary>
public static partial class EntryNames
{
    public const int MaxLength = 64;

    public static bool IsValid(string? name) => name is not null && IdPattern().IsMatch(name);

    /// <summary>The id a name imports as, or null when it has no ASCII letter or digit.</summary>
    public static string? Normalize(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (IsValid(name))
        {
            return name;
        }

        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (char.IsAsciiLetter(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (char.IsAsciiDigit(c) || c is '.' or '_')
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        var text = builder.ToString().TrimStart('.', '_', '-');
        if (text.Length > MaxLength)
        {
            text = text[..MaxLength];
        }

        text = text.TrimEnd('-');
        return IsValid(text) ? text : null;
    }

    /// <summary><paramref name="name"/> made unique against <paramref name="taken"/> with a <c>-N</c> suffix.</summary>
    internal static string Unique(string name, ISet<string> taken)
    {
        if (!taken.Contains(name))
        {
            return name;
        }

        for (var n = 2; ; n++)
        {
            var suffix = "-" + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var candidate = (name.Length + suffix.Length > MaxLength ? name[..(MaxLength - suffix.Length)] : name) + suffix;
            if (!taken.Contains(candidate))
            {
                return candidate;
            }
        }
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9._-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
