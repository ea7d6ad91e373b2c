using McpOrchestrator.Core.Formats.Documents;
using Tomlyn;
using Tomlyn.Parsing;
using Tomlyn.Syntax;
using TextPosition = McpOrchestrator.Core.Formats.Documents.TextPosition;

namespace McpOrchestrator.Core.Formats.Toml;

/// <summary>Reads TOML into a document tree through Tomlyn's syntax tree. Tomlyn parses and validates (TOML 1.0 plus
/// its 1.1 relaxations, such as newlines in inline tables and the <c>\e</c> and <c>\xHH</c> escapes); this maps the
/// valid tree to <see cref="ConfigMap"/>s, keeping numbers and dates as written and every node's position, and turns
/// the first error into a <see cref="DocumentException"/> at its line and column. Nesting deeper than
/// <see cref="MaxDepth"/> is refused.</summary>
internal sealed class TomlConfigReader
{
    public const int MaxDepth = 64;

    // Tomlyn counts the document itself as a level.
    private static readonly TomlSerializerOptions ParseOptions = new() { MaxDepth = MaxDepth + 1 };

    private readonly string _text;
    private readonly List<int> _lineStarts = [0];

    private TomlConfigReader(string text)
    {
        _text = text;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                _lineStarts.Add(i + 1);
            }
        }
    }

    public static ConfigMap Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new TomlConfigReader(text).ReadDocument();
    }

    private ConfigMap ReadDocument()
    {
        DocumentSyntax document;
        try
        {
            document = SyntaxParser.Parse(_text, ParseOptions, sourceName: "config.toml", validate: true);
        }
        catch (TomlException ex) when (ex.Diagnostics is not { HasErrors: true })
        {
            // Tomlyn throws, without a position, when its depth limit is passed.
            var position = ex.Offset is { } offset ? Position(offset) : TextPosition.None;
            throw new DocumentException(ex.Message.Contains("depth", StringComparison.OrdinalIgnoreCase)
                ? $"values are nested deeper than {MaxDepth} levels"
                : "the TOML cannot be read", position);
        }
        catch (TomlException ex)
        {
            throw FirstError(ex.Diagnostics);
        }

        if (document.HasErrors)
        {
            throw FirstError(document.Diagnostics);
        }

        var root = new ConfigMap(new TextPosition(1, 1));
        AddKeyValues(root, document.KeyValues);
        foreach (var table in document.Tables)
        {
            AddTable(root, table);
        }

        return root;
    }

    private DocumentException FirstError(DiagnosticsBag diagnostics)
    {
        var error = diagnostics.First(d => d.Kind == DiagnosticMessageKind.Error);
        return new DocumentException(Reason(error.Message), Position(error.Span.Start.Offset));
    }

    /// <summary>Tomlyn's message in the words of the other readers: no trailing full stop, a newline marker spelled
    /// out.</summary>
    private static string Reason(string message) => message.Replace('␤', ' ').TrimEnd('.', ' ');

    private void AddTable(ConfigMap root, TableSyntaxBase table)
    {
        var keys = Keys(table.Name!);
        var position = Position(table);
        var parent = root;
        foreach (var (name, keyPosition) in keys.Take(keys.Count - 1))
        {
            parent = parent.Get(name) switch
            {
                ConfigMap map => map,
                ConfigList list => (ConfigMap)list.Items[^1],
                _ => Set(parent, name, new ConfigMap(keyPosition)),
            };
        }

        var last = keys[^1].Name;
        ConfigMap target;
        if (table is TableArraySyntax)
        {
            var list = parent.Get(last) as ConfigList ?? Set(parent, last, new ConfigList(position));
            target = new ConfigMap(position);
            list.Items.Add(target);
        }
        else
        {
            // A table that was implied by an earlier header ([a.b] before [a]) is defined here, where it already is.
            target = parent.Get(last) as ConfigMap ?? Set(parent, last, new ConfigMap(position));
        }

        AddKeyValues(target, table.Items);
    }

    private void AddKeyValues(ConfigMap table, IEnumerable<KeyValueSyntax> keyValues)
    {
        foreach (var keyValue in keyValues)
        {
            var keys = Keys(keyValue.Key!);
            var parent = table;
            foreach (var (name, keyPosition) in keys.Take(keys.Count - 1))
            {
                parent = parent.Get(name) as ConfigMap ?? Set(parent, name, new ConfigMap(keyPosition));
            }

            parent.Set(keys[^1].Name, Value(keyValue.Value!));
        }
    }

    private ConfigNode Value(ValueSyntax value)
    {
        var position = Position(value);
        switch (value)
        {
            case StringValueSyntax text:
                return new ConfigScalar(ScalarKind.String, StringValue(text), position);
            case IntegerValueSyntax integer:
                return new ConfigScalar(ScalarKind.Integer, integer.Token!.Text!, position);
            case FloatValueSyntax number:
                return new ConfigScalar(ScalarKind.Float, number.Token!.Text!, position);
            case BooleanValueSyntax boolean:
                return new ConfigScalar(ScalarKind.Boolean, boolean.Value ? "true" : "false", position);
            case DateTimeValueSyntax date:
                return new ConfigScalar(ScalarKind.DateTime, date.Token!.Text!, position);
            case ArraySyntax array:
                var list = new ConfigList(position);
                foreach (var item in array.Items)
                {
                    list.Items.Add(Value(item.Value!));
                }

                return list;
            case InlineTableSyntax inline:
                var map = new ConfigMap(position) { Inline = true };
                AddKeyValues(map, inline.Items.Select(i => i.KeyValue!));
                return map;
            default:
                throw new DocumentException($"unexpected TOML {value.Kind}", position);
        }
    }

    /// <summary>A string's value; a multi-line string's CRLF line breaks read as LF, as TOML lets a reader
    /// normalise them, so that a file saved on Windows gives the same value.</summary>
    private static string StringValue(StringValueSyntax text)
    {
        var value = text.Value ?? string.Empty;
        return text.Token?.TokenKind is TokenKind.StringMulti or TokenKind.StringLiteralMulti ? value.Replace("\r\n", "\n", StringComparison.Ordinal) : value;
    }

    private List<(string Name, TextPosition Position)> Keys(KeySyntax key)
    {
        List<(string, TextPosition)> keys = [(KeyName(key.Key!), Position(key.Key!))];
        foreach (var dotted in key.DotKeys)
        {
            keys.Add((KeyName(dotted.Key!), Position(dotted.Key!)));
        }

        return keys;
    }

    private static string KeyName(BareKeyOrStringValueSyntax key) => key switch
    {
        BareKeySyntax bare => bare.Key!.Text!,
        StringValueSyntax quoted => quoted.Value ?? string.Empty,
        _ => throw new InvalidOperationException($"Unknown TOML key {key.Kind}."),
    };

    private static T Set<T>(ConfigMap parent, string name, T node)
        where T : ConfigNode
    {
        parent.Set(name, node);
        return node;
    }

    private TextPosition Position(SyntaxNodeBase node) => Position(node.Span.Start.Offset);

    /// <summary>The 1-based line and column (in UTF-16 characters, as the other readers count) of an offset into the
    /// text; Tomlyn's own columns count code points.</summary>
    private TextPosition Position(int offset)
    {
        offset = Math.Clamp(offset, 0, _text.Length);
        var line = _lineStarts.BinarySearch(offset);
        if (line < 0)
        {
            line = ~line - 1;
        }

        return new TextPosition(line + 1, offset - _lineStarts[line] + 1);
    }
}
