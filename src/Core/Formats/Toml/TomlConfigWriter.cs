using System.Globalization;
using System.Text;
using McpOrchestrator.Core.Formats.Documents;

namespace McpOrchestrator.Core.Formats.Toml;

/// <summary>Writes a document as TOML the way Codex's docs show it: a table's own values first, then its sub-tables
/// as <c>[a.b]</c> sections (a section with no values of its own is left implicit), maps marked
/// <see cref="ConfigMap.Inline"/> as <c>{ k = v }</c>, arrays on one line, keys bare when they can be and quoted
/// otherwise, strings as basic strings with escapes.</summary>
internal static class TomlConfigWriter
{
    public static string Write(ConfigMap root)
    {
        var builder = new StringBuilder();
        WriteTable(builder, [], root, header: null);
        return builder.ToString();
    }

    /// <summary>Writes a table's values under <paramref name="header"/> (none for the root or an implicit section),
    /// then its sections.</summary>
    private static void WriteTable(StringBuilder builder, List<string> path, ConfigMap table, string? header)
    {
        var values = table.Entries.Where(e => !IsSection(e.Value)).ToList();
        if (header is not null)
        {
            if (builder.Length > 0)
            {
                builder.Append('\n');
            }

            builder.Append(header).Append('\n');
        }

        foreach (var (key, value) in values)
        {
            builder.Append(Key(key)).Append(" = ");
            WriteValue(builder, value);
            builder.Append('\n');
        }

        foreach (var (key, value) in table.Entries)
        {
            List<string> childPath = [.. path, key];
            var dotted = string.Join('.', childPath.Select(Key));
            if (value is ConfigMap { Inline: false } section)
            {
                var hasValues = section.Entries.Any(e => !IsSection(e.Value)) || section.Count == 0;
                WriteTable(builder, childPath, section, hasValues ? $"[{dotted}]" : null);
            }
            else if (IsSection(value))
            {
                foreach (var item in ((ConfigList)value).Items.Cast<ConfigMap>())
                {
                    WriteTable(builder, childPath, item, $"[[{dotted}]]");
                }
            }
        }
    }

    /// <summary>A non-inline map, or a list of non-inline maps (an array of tables).</summary>
    private static bool IsSection(ConfigNode node) => node switch
    {
        ConfigMap map => !map.Inline,
        ConfigList list => list.Items.Count > 0 && list.Items.All(i => i is ConfigMap { Inline: false }),
        _ => false,
    };

    private static void WriteValue(StringBuilder builder, ConfigNode node)
    {
        switch (node)
        {
            case ConfigScalar { Kind: ScalarKind.String } scalar:
                WriteString(builder, scalar.Text);
                break;
            case ConfigScalar { Kind: ScalarKind.Null }:
                throw new InvalidOperationException("TOML has no null.");
            case ConfigScalar scalar:
                builder.Append(scalar.Text);
                break;
            case ConfigList list:
                builder.Append('[');
                for (var i = 0; i < list.Items.Count; i++)
                {
                    builder.Append(i == 0 ? string.Empty : ", ");
                    WriteValue(builder, list.Items[i]);
                }

                builder.Append(']');
                break;
            case ConfigMap map:
                if (map.Count == 0)
                {
                    builder.Append("{}");
                    break;
                }

                builder.Append("{ ");
                var first = true;
                foreach (var (key, value) in map.Entries)
                {
                    builder.Append(first ? string.Empty : ", ").Append(Key(key)).Append(" = ");
                    WriteValue(builder, value);
                    first = false;
                }

                builder.Append(" }");
                break;
            default:
                throw new InvalidOperationException($"Unknown node {node.GetType().Name}.");
        }
    }

    /// <summary>A bare key when it is one (A-Z a-z 0-9 _ -), a quoted one otherwise.</summary>
    public static string Key(string key)
    {
        if (key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
        {
            return key;
        }

        var builder = new StringBuilder();
        WriteString(builder, key);
        return builder.ToString();
    }

    private static void WriteString(StringBuilder builder, string value)
    {
        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\b': builder.Append("\\b"); break;
                case '\t': builder.Append("\\t"); break;
                case '\n': builder.Append("\\n"); break;
                case '\f': builder.Append("\\f"); break;
                case '\r': builder.Append("\\r"); break;
                default:
                    if (c < 0x20 || c == 0x7f)
                    {
                        builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        builder.Append('"');
    }
}
