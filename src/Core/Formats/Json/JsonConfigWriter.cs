using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using McpOrchestrator.Core.Formats.Documents;

namespace McpOrchestrator.Core.Formats.Json;

/// <summary>Writes a document as the clients' docs show it: objects with a two-space indent, arrays of plain values
/// on one line (<c>"args": ["-y", "pkg"]</c>), <c>\n</c> line ends, non-ASCII text unescaped, a final newline.</summary>
internal static class JsonConfigWriter
{
    private static readonly JsonSerializerOptions StringOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(ConfigNode root)
    {
        var builder = new StringBuilder();
        WriteNode(builder, root, 0);
        return builder.Append('\n').ToString();
    }

    private static void WriteNode(StringBuilder builder, ConfigNode node, int indent)
    {
        switch (node)
        {
            case ConfigMap { Count: 0 }:
                builder.Append("{}");
                break;
            case ConfigMap map:
                builder.Append('{');
                var first = true;
                foreach (var (key, value) in map.Entries)
                {
                    builder.Append(first ? "\n" : ",\n").Append(' ', indent + 2);
                    WriteString(builder, key);
                    builder.Append(": ");
                    WriteNode(builder, value, indent + 2);
                    first = false;
                }

                builder.Append('\n').Append(' ', indent).Append('}');
                break;
            case ConfigList list when list.Items.All(i => i is ConfigScalar):
                builder.Append('[');
                for (var i = 0; i < list.Items.Count; i++)
                {
                    builder.Append(i == 0 ? string.Empty : ", ");
                    WriteNode(builder, list.Items[i], indent);
                }

                builder.Append(']');
                break;
            case ConfigList list:
                builder.Append('[');
                for (var i = 0; i < list.Items.Count; i++)
                {
                    builder.Append(i == 0 ? "\n" : ",\n").Append(' ', indent + 2);
                    WriteNode(builder, list.Items[i], indent + 2);
                }

                builder.Append('\n').Append(' ', indent).Append(']');
                break;
            case ConfigScalar { Kind: ScalarKind.String } scalar:
                WriteString(builder, scalar.Text);
                break;
            case ConfigScalar scalar:
                builder.Append(scalar.Text);
                break;
            default:
                throw new InvalidOperationException($"Unknown node {node.GetType().Name}.");
        }
    }

    private static void WriteString(StringBuilder builder, string value) => builder.Append(JsonSerializer.Serialize(value, StringOptions));
}
