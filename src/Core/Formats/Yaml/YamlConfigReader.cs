using System.Text.RegularExpressions;
using McpOrchestrator.Core.Formats.Documents;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace McpOrchestrator.Core.Formats.Yaml;

/// <summary>Reads one YAML document with YamlDotNet's parser into a <see cref="ConfigNode"/> tree, resolving plain
/// scalars by the YAML 1.2 core schema (what Goose's serde_yaml and Continue's <c>yaml</c> read). Refuses several
/// documents, duplicate keys, keys that are not scalars, nesting deeper than 64 and aliases that expand beyond a
/// million nodes (an alias is shared, never copied).</summary>
internal static partial class YamlConfigReader
{
    public const int MaxDepth = 64;
    private const long MaxExpandedNodes = 1_000_000;

    public static ConfigNode? Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var state = new ReadState(new Parser(new StringReader(text)));
        try
        {
            return state.ReadStream();
        }
        catch (YamlException ex)
        {
            throw new DocumentException(Reason(ex.Message), Position(ex.Start));
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or IndexOutOfRangeException or FormatException or OverflowException or InvalidCastException)
        {
            // YamlDotNet 16.3's scanner throws InvalidOperationException on some malformed flow content ("- {\n0", ":\n[\nc").
            throw new DocumentException("the YAML is malformed near here (look for an unclosed [ or {)", state.LastPosition);
        }
    }

    private static TextPosition Position(Mark mark) => new((int)Math.Clamp(mark.Line, 1, int.MaxValue), (int)Math.Clamp(mark.Column, 1, int.MaxValue));

    private static string Reason(string message)
    {
        var reason = ParserPositionPrefix().Replace(message, string.Empty).Trim();
        if (reason.EndsWith('.'))
        {
            reason = reason[..^1];
        }

        return reason.Length == 0 ? "the YAML is malformed" : char.ToLowerInvariant(reason[0]) + reason[1..];
    }

    private static ScalarKind Resolve(Scalar scalar)
    {
        var tag = scalar.Tag.IsEmpty ? string.Empty : scalar.Tag.ToString();
        if (scalar.Style != ScalarStyle.Plain || tag is "!" or "tag:yaml.org,2002:str")
        {
            return ScalarKind.String;
        }

        var value = scalar.Value;
        if (value.Length == 0 || value is "~" or "null" or "Null" or "NULL")
        {
            return ScalarKind.Null;
        }

        if (value is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return ScalarKind.Boolean;
        }

        if (IntegerPattern().IsMatch(value))
        {
            return ScalarKind.Integer;
        }

        return FloatPattern().IsMatch(value) ? ScalarKind.Float : ScalarKind.String;
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ", RegexOptions.CultureInvariant)]
    private static partial Regex ParserPositionPrefix();

    [GeneratedRegex(@"^[-+]?[0-9]+\z|^0o[0-7]+\z|^0x[0-9a-fA-F]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\z|^[-+]?\.(inf|Inf|INF)\z|^\.(nan|NaN|NAN)\z", RegexOptions.CultureInvariant)]
    private static partial Regex FloatPattern();

    private sealed class ReadState(IParser parser)
    {
        private readonly Dictionary<string, (ConfigNode Node, long Size)> _anchors = new(StringComparer.Ordinal);
        private long _expanded;

        /// <summary>Where the last event the parser produced started, for errors the parser cannot place.</summary>
        public TextPosition LastPosition { get; private set; } = new(1, 1);

        public ConfigNode? ReadStream()
        {
            parser.Consume<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _))
            {
                return null;
            }

            parser.Consume<DocumentStart>();
            var (root, _) = ReadNode(0);
            parser.Consume<DocumentEnd>();
            if (parser.Accept<DocumentStart>(out var next))
            {
                throw new DocumentException("the content holds more than one YAML document (---); import one file's content", Position(next.Start));
            }

            parser.Consume<StreamEnd>();
            return root;
        }

        private (ConfigNode Node, long Size) ReadNode(int depth)
        {
            var current = parser.Current ?? throw new DocumentException("the YAML ends unexpectedly", LastPosition);
            var position = Position(current.Start);
            LastPosition = position;
            if (depth > MaxDepth)
            {
                throw new DocumentException($"values are nested deeper than {MaxDepth} levels", position);
            }

            switch (current)
            {
                case AnchorAlias alias:
                    parser.MoveNext();
                    if (!_anchors.TryGetValue(alias.Value.Value, out var anchored))
                    {
                        throw new DocumentException($"the alias *{alias.Value.Value} names no anchor defined before it", position);
                    }

                    Count(anchored.Size, position);
                    return anchored;
                case Scalar scalar:
                    parser.MoveNext();
                    Count(1, position);
                    return Remember(scalar.Anchor, new ConfigScalar(Resolve(scalar), scalar.Value, position), 1);
                case SequenceStart sequence:
                    {
                        parser.MoveNext();
                        var list = new ConfigList(position);
                        long size = 1;
                        Count(1, position);
                        while (!parser.TryConsume<SequenceEnd>(out _))
                        {
                            var (item, itemSize) = ReadNode(depth + 1);
                            list.Items.Add(item);
                            size += itemSize;
                        }

                        return Remember(sequence.Anchor, list, size);
                    }

                case MappingStart mapping:
                    {
                        parser.MoveNext();
                        var map = new ConfigMap(position);
                        long size = 1;
                        Count(1, position);
                        while (!parser.TryConsume<MappingEnd>(out _))
                        {
                            var (key, keySize) = ReadNode(depth + 1);
                            if (key is not ConfigScalar keyScalar)
                            {
                                throw new DocumentException($"a map key is {key.KindName}; keys must be plain text", key.Position);
                            }

                            var (value, valueSize) = ReadNode(depth + 1);
                            if (map.ContainsKey(keyScalar.Text))
                            {
                                throw new DocumentException($"the key '{Shorten(keyScalar.Text)}' appears twice in one map", keyScalar.Position);
                            }

                            map.Set(keyScalar.Text, value);
                            size += keySize + valueSize;
                        }

                        return Remember(mapping.Anchor, map, size);
                    }

                default:
                    throw new DocumentException($"unexpected YAML {current.GetType().Name}", position);
            }
        }

        private (ConfigNode Node, long Size) Remember(AnchorName anchor, ConfigNode node, long size)
        {
            if (!anchor.IsEmpty)
            {
                _anchors[anchor.Value] = (node, size);
            }

            return (node, size);
        }

        private void Count(long size, TextPosition position)
        {
            _expanded += size;
            if (_expanded > MaxExpandedNodes)
            {
                throw new DocumentException($"the YAML expands to more than {MaxExpandedNodes:N0} values through its aliases", position);
            }
        }

        private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;
    }
}
