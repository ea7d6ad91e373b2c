using System.Text;
using McpOrchestrator.Core.Formats.Documents;

namespace McpOrchestrator.Core.Tests.Formats;

/// <summary>A compact, typed text of a document tree for assertions: <c>{a: [1i, "x"], b: true}</c> where
/// <c>i</c>/<c>f</c>/<c>d</c> mark integers, floats and dates.</summary>
internal static class DocumentDump
{
    public static string Of(ConfigNode? node, bool sortKeys = false)
    {
        var builder = new StringBuilder();
        Write(builder, node, sortKeys);
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, ConfigNode? node, bool sortKeys)
    {
        switch (node)
        {
            case null:
                builder.Append("<none>");
                break;
            case ConfigMap map:
                builder.Append('{');
                var first = true;
                var entries = sortKeys ? map.Entries.OrderBy(e => e.Key, StringComparer.Ordinal) : map.Entries.AsEnumerable();
                foreach (var (key, value) in entries)
                {
                    builder.Append(first ? string.Empty : ", ").Append(key).Append(": ");
                    Write(builder, value, sortKeys);
                    first = false;
                }

                builder.Append('}');
                break;
            case ConfigList list:
                builder.Append('[');
                for (var i = 0; i < list.Items.Count; i++)
                {
                    builder.Append(i == 0 ? string.Empty : ", ");
                    Write(builder, list.Items[i], sortKeys);
                }

                builder.Append(']');
                break;
            case ConfigScalar scalar:
                builder.Append(scalar.Kind switch
                {
                    ScalarKind.String => System.Text.Json.JsonSerializer.Serialize(scalar.Text),
                    ScalarKind.Integer => scalar.Text + "i",
                    ScalarKind.Float => scalar.Text + "f",
                    ScalarKind.DateTime => scalar.Text + "d",
                    _ => scalar.Text,
                });
                break;
        }
    }
}
