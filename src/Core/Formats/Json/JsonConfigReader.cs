using System.Text;
using System.Text.Json;
using McpOrchestrator.Core.Formats.Documents;

namespace McpOrchestrator.Core.Formats.Json;

/// <summary>Reads JSON as clients do: comments (<c>//</c>, <c>/* */</c>) and trailing commas allowed (VS Code, Zed,
/// OpenCode files have them), a repeated key keeps its last value, nesting deeper than 64 refused.</summary>
internal static class JsonConfigReader
{
    public const int MaxDepth = 64;

    private static readonly JsonReaderOptions Options = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = MaxDepth,
    };

    public static ConfigNode Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = Encoding.UTF8.GetBytes(text);
        var lines = new LineIndex(bytes);
        var reader = new Utf8JsonReader(bytes, Options);
        try
        {
            if (!reader.Read())
            {
                throw new DocumentException("the content holds no JSON value", new TextPosition(1, 1));
            }

            var root = ReadValue(ref reader, lines);
            while (reader.Read())
            {
                // Only comments can follow the root value; anything else makes Read throw.
            }

            return root;
        }
        catch (JsonException ex)
        {
            var line = (int)Math.Min(int.MaxValue - 1, ex.LineNumber ?? 0) + 1;
            var column = lines.CharColumn(line, ex.BytePositionInLine ?? 0);
            throw new DocumentException(Reason(ex.Message), new TextPosition(line, column));
        }
        catch (InvalidOperationException)
        {
            throw new DocumentException("a string holds an escape that is not valid Unicode (a lone surrogate such as \\ud800)", lines.Position(reader.TokenStartIndex));
        }
    }

    private static ConfigNode ReadValue(ref Utf8JsonReader reader, LineIndex lines)
    {
        var position = lines.Position(reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var map = new ConfigMap(position);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var key = reader.GetString()!;
                    reader.Read();
                    map.Set(key, ReadValue(ref reader, lines));
                }

                return map;
            case JsonTokenType.StartArray:
                var list = new ConfigList(position);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    list.Items.Add(ReadValue(ref reader, lines));
                }

                return list;
            case JsonTokenType.String:
                return new ConfigScalar(ScalarKind.String, reader.GetString()!, position);
            case JsonTokenType.Number:
                var number = Encoding.UTF8.GetString(reader.ValueSpan);
                var isInteger = number.AsSpan().IndexOfAny('.', 'e', 'E') < 0;
                return new ConfigScalar(isInteger ? ScalarKind.Integer : ScalarKind.Float, number, position);
            case JsonTokenType.True:
                return new ConfigScalar(ScalarKind.Boolean, "true", position);
            case JsonTokenType.False:
                return new ConfigScalar(ScalarKind.Boolean, "false", position);
            case JsonTokenType.Null:
                return new ConfigScalar(ScalarKind.Null, "null", position);
            default:
                throw new DocumentException($"unexpected JSON token {reader.TokenType}", position);
        }
    }

    /// <summary>The parser's sentence without its own position suffix (the problem states the position).</summary>
    private static string Reason(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var reason = (cut >= 0 ? message[..cut] : message).Trim();
        if (reason.EndsWith('.'))
        {
            reason = reason[..^1];
        }

        return reason.Length == 0 ? "the JSON is malformed" : char.ToLowerInvariant(reason[0]) + reason[1..];
    }

    /// <summary>Byte offsets of line starts, to report token positions as line and character column.</summary>
    private sealed class LineIndex
    {
        private readonly byte[] _bytes;
        private readonly List<int> _starts = [0];

        public LineIndex(byte[] bytes)
        {
            _bytes = bytes;
            for (var i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] == (byte)'\n')
                {
                    _starts.Add(i + 1);
                }
            }
        }

        public TextPosition Position(long offset)
        {
            var index = _starts.BinarySearch((int)Math.Min(offset, int.MaxValue));
            var line = index >= 0 ? index : ~index - 1;
            return new TextPosition(line + 1, CharCount(_starts[line], (int)offset - _starts[line]) + 1);
        }

        public int CharColumn(int line, long bytesInLine)
        {
            if (line < 1 || line > _starts.Count)
            {
                return 1;
            }

            var start = _starts[line - 1];
            var length = (int)Math.Clamp(bytesInLine, 0, _bytes.Length - start);
            return CharCount(start, length) + 1;
        }

        private int CharCount(int start, int length) => length <= 0 ? 0 : Encoding.UTF8.GetCharCount(_bytes, start, length);
    }
}
