using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using McpOrchestrator.Core.Formats.Documents;

namespace McpOrchestrator.Core.Formats.Yaml;

/// <summary>Writes a document as block-style YAML the way Continue's and Goose's docs show it (two-space indent,
/// list items indented under their key). A string is written plain only when it is plain-safe printable ASCII that
/// no YAML 1.1 or 1.2 resolver reads as anything but a string; otherwise it is double-quoted with escapes, so every
/// reader gets back the exact text.</summary>
internal static partial class YamlConfigWriter
{
    public static string Write(ConfigMap root)
    {
        var builder = new StringBuilder();
        if (root.Count == 0)
        {
            return "{}\n";
        }

        WriteMap(builder, root, 0);
        return builder.ToString();
    }

    private static void WriteMap(StringBuilder builder, ConfigMap map, int indent, bool firstLineIndented = true)
    {
        var first = true;
        foreach (var (key, value) in map.Entries)
        {
            if (!first || firstLineIndented)
            {
                builder.Append(' ', indent);
            }

            first = false;
            builder.Append(Scalar(key)).Append(':');
            WriteValueAfterIndicator(builder, value, indent);
        }
    }

    private static void WriteList(StringBuilder builder, ConfigList list, int indent)
    {
        foreach (var item in list.Items)
        {
            builder.Append(' ', indent).Append('-');
            switch (item)
            {
                case ConfigMap { Count: > 0 } map:
                    builder.Append(' ');
                    WriteMap(builder, map, indent + 2, firstLineIndented: false);
                    break;
                case ConfigList { Items.Count: > 0 } nested:
                    builder.Append('\n');
                    WriteList(builder, nested, indent + 2);
                    break;
                default:
                    builder.Append(' ').Append(Inline(item)).Append('\n');
                    break;
            }
        }
    }

    private static void WriteValueAfterIndicator(StringBuilder builder, ConfigNode value, int indent)
    {
        switch (value)
        {
            case ConfigMap { Count: > 0 } map:
                builder.Append('\n');
                WriteMap(builder, map, indent + 2);
                break;
            case ConfigList { Items.Count: > 0 } list:
                builder.Append('\n');
                WriteList(builder, list, indent + 2);
                break;
            default:
                builder.Append(' ').Append(Inline(value)).Append('\n');
                break;
        }
    }

    private static string Inline(ConfigNode node) => node switch
    {
        ConfigMap => "{}",
        ConfigList => "[]",
        ConfigScalar { Kind: ScalarKind.String } scalar => Scalar(scalar.Text),
        ConfigScalar { Kind: ScalarKind.Null } => "null",
        ConfigScalar scalar => scalar.Text,
        _ => throw new InvalidOperationException($"Unknown node {node.GetType().Name}."),
    };

    /// <summary>A string scalar, plain when safe and double-quoted otherwise.</summary>
    public static string Scalar(string value) => IsPlainSafe(value) ? value : DoubleQuoted(value);

    private static bool IsPlainSafe(string value)
    {
        if (value.Length == 0 || value[0] == ' ' || value[^1] == ' ' || value[^1] == ':')
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c < 0x20 || c > 0x7e || c is '#' or '{' or '}' or '[' or ']' or ',' or '`' or '\\')
            {
                return false;
            }
        }

        var head = value[0];
        if (head is '?' or ':' or '&' or '*' or '!' or '|' or '>' or '\'' or '"' or '%' or '@')
        {
            return false;
        }

        if (head == '-' && (value.Length == 1 || value[1] == ' '))
        {
            return false;
        }

        return !value.Contains(": ", StringComparison.Ordinal)
            && !value.StartsWith("---", StringComparison.Ordinal)
            && !value.StartsWith("...", StringComparison.Ordinal)
            && !NonStringPattern().IsMatch(value);
    }

    private static string DoubleQuoted(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\0': builder.Append("\\0"); break;
                case '\t': builder.Append("\\t"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
                    {
                        builder.Append(c).Append(value[i + 1]);
                        i++;
                    }
                    else if (IsPrintable(c))
                    {
                        builder.Append(c);
                    }
                    else
                    {
                        builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>YAML's printable set minus line breaks and the byte-order mark (written as escapes).</summary>
    private static bool IsPrintable(char c) =>
        (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff && c != 0x2028 && c != 0x2029) || (c >= 0xe000 && c <= 0xfffd && c != 0xfeff);

    /// <summary>Plain texts some YAML 1.1 or 1.2 resolver reads as null, a boolean, a number, a date, a merge or
    /// value key.</summary>
    [GeneratedRegex(
        @"^(~|null|Null|NULL|y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|<<|=)\z"
        + @"|^[-+]?(0b[0-1_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*(:[0-5]?[0-9])*|[0-9_]*\.[0-9_]*([eE][-+]?[0-9]+)?|[0-9][0-9_]*[eE][-+]?[0-9]+|\.(inf|Inf|INF)|\.(nan|NaN|NAN))\z"
        + @"|^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}",
        RegexOptions.CultureInvariant)]
    private static partial Regex NonStringPattern();
}
