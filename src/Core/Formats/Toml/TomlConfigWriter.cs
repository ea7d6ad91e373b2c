using McpOrchestrator.Core.Formats.Documents;
using Tomlyn.Syntax;

namespace McpOrchestrator.Core.Formats.Toml;

/// <summary>Writes a document as TOML the way Codex's docs show it, by building Tomlyn's syntax tree: a table's own
/// values first, then its sub-tables as <c>[a.b]</c> sections after a blank line (a section with no values of its own
/// is left implicit), maps marked <see cref="ConfigMap.Inline"/> as <c>{ k = v }</c>, arrays on one line, keys bare
/// when they are ASCII-bare and quoted otherwise, strings as basic strings with escapes (Tomlyn's, TOML 1.0's).</summary>
internal static class TomlConfigWriter
{
    public static string Write(ConfigMap root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var document = new DocumentSyntax();
        var writer = new SectionWriter(document);
        writer.AddTable([], root, header: null);
        return document.ToString();
    }

    /// <summary>A key as it is written: bare when it is one (A-Z a-z 0-9 _ -), quoted otherwise.</summary>
    public static string Key(string key) => KeyPart(key).ToString();

    /// <summary>A non-inline map, or a list of non-inline maps (an array of tables).</summary>
    private static bool IsSection(ConfigNode node) => node switch
    {
        ConfigMap map => !map.Inline,
        ConfigList list => list.Items.Count > 0 && list.Items.All(i => i is ConfigMap { Inline: false }),
        _ => false,
    };

    private static BareKeyOrStringValueSyntax KeyPart(string key) =>
        key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-') ? new BareKeySyntax(key) : new StringValueSyntax(key);

    private static KeySyntax KeyPath(IReadOnlyList<string> path)
    {
        var key = new KeySyntax { Key = KeyPart(path[0]) };
        foreach (var part in path.Skip(1))
        {
            key.DotKeys.Add(new DottedKeyItemSyntax { Dot = Token(TokenKind.Dot), Key = KeyPart(part) });
        }

        return key;
    }

    private static KeyValueSyntax KeyValue(string key, ConfigNode value, bool endOfLine) => new()
    {
        Key = KeyPath([key]),
        EqualToken = Spaced(Token(TokenKind.Equal), before: true, after: true),
        Value = Value(value),
        EndOfLineToken = endOfLine ? NewLine() : null,
    };

    private static ValueSyntax Value(ConfigNode node) => node switch
    {
        ConfigScalar { Kind: ScalarKind.String } scalar => new StringValueSyntax(scalar.Text),
        ConfigScalar { Kind: ScalarKind.Null } => throw new InvalidOperationException("TOML has no null."),
        ConfigScalar { Kind: ScalarKind.Boolean } scalar => new BooleanValueSyntax(scalar.Text == "true"),
        ConfigScalar { Kind: ScalarKind.Integer } scalar => new IntegerValueSyntax { Token = new SyntaxToken(TokenKind.Integer, scalar.Text) },
        ConfigScalar { Kind: ScalarKind.Float } scalar => new FloatValueSyntax { Token = new SyntaxToken(TokenKind.Float, scalar.Text) },
        ConfigScalar scalar => new DateTimeValueSyntax(SyntaxKind.LocalDateTime) { Token = new SyntaxToken(TokenKind.LocalDateTime, scalar.Text) },
        ConfigList list => Array(list),
        ConfigMap map => InlineTable(map),
        _ => throw new InvalidOperationException($"Unknown node {node.GetType().Name}."),
    };

    private static ArraySyntax Array(ConfigList list)
    {
        var array = new ArraySyntax { OpenBracket = Token(TokenKind.OpenBracket), CloseBracket = Token(TokenKind.CloseBracket) };
        for (var i = 0; i < list.Items.Count; i++)
        {
            array.Items.Add(new ArrayItemSyntax
            {
                Value = Value(list.Items[i]),
                Comma = i < list.Items.Count - 1 ? Spaced(Token(TokenKind.Comma), before: false, after: true) : null,
            });
        }

        return array;
    }

    private static InlineTableSyntax InlineTable(ConfigMap map)
    {
        var empty = map.Count == 0;
        var table = new InlineTableSyntax
        {
            OpenBrace = Spaced(Token(TokenKind.OpenBrace), before: false, after: !empty),
            CloseBrace = Spaced(Token(TokenKind.CloseBrace), before: !empty, after: false),
        };
        var i = 0;
        foreach (var (key, value) in map.Entries)
        {
            table.Items.Add(new InlineTableItemSyntax
            {
                KeyValue = KeyValue(key, value, endOfLine: false),
                Comma = ++i < map.Count ? Spaced(Token(TokenKind.Comma), before: false, after: true) : null,
            });
        }

        return table;
    }

    private static SyntaxToken Token(TokenKind kind) => SyntaxFactory.Token(kind);

    private static SyntaxToken NewLine() => new(TokenKind.NewLine, "\n");

    private static SyntaxToken Spaced(SyntaxToken token, bool before, bool after)
    {
        if (before)
        {
            token.LeadingTrivia = [new SyntaxTrivia(TokenKind.Whitespaces, " ")];
        }

        if (after)
        {
            token.TrailingTrivia = [new SyntaxTrivia(TokenKind.Whitespaces, " ")];
        }

        return token;
    }

    /// <summary>Adds tables to the document in writing order, a blank line before every header but a first one.</summary>
    private sealed class SectionWriter(DocumentSyntax document)
    {
        private bool _wroteAnything;

        public void AddTable(List<string> path, ConfigMap table, TableSyntaxBase? header)
        {
            var items = header?.Items ?? document.KeyValues;
            if (header is not null)
            {
                if (_wroteAnything)
                {
                    header.OpenBracket!.LeadingTrivia = [new SyntaxTrivia(TokenKind.NewLine, "\n")];
                }

                document.Tables.Add(header);
                _wroteAnything = true;
            }

            foreach (var (key, value) in table.Entries.Where(e => !IsSection(e.Value)))
            {
                items.Add(KeyValue(key, value, endOfLine: true));
                _wroteAnything = true;
            }

            foreach (var (key, value) in table.Entries)
            {
                List<string> childPath = [.. path, key];
                if (value is ConfigMap { Inline: false } section)
                {
                    var hasValues = section.Entries.Any(e => !IsSection(e.Value)) || section.Count == 0;
                    AddTable(childPath, section, hasValues ? Header(new TableSyntax(), childPath, TokenKind.OpenBracket, TokenKind.CloseBracket) : null);
                }
                else if (IsSection(value))
                {
                    foreach (var item in ((ConfigList)value).Items.Cast<ConfigMap>())
                    {
                        AddTable(childPath, item, Header(new TableArraySyntax(), childPath, TokenKind.OpenBracketDouble, TokenKind.CloseBracketDouble));
                    }
                }
            }
        }

        private static TableSyntaxBase Header(TableSyntaxBase header, List<string> path, TokenKind open, TokenKind close)
        {
            header.OpenBracket = Token(open);
            header.Name = KeyPath(path);
            header.CloseBracket = Token(close);
            header.EndOfLineToken = NewLine();
            return header;
        }
    }
}
