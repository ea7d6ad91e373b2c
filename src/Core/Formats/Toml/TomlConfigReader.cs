using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using McpOrchestrator.Core.Formats.Documents;

namespace McpOrchestrator.Core.Formats.Toml;

/// <summary>A TOML 1.0 reader: tables and arrays of tables, dotted and quoted keys, the four string forms with their
/// escapes, integers (decimal, hex, octal, binary, underscores), floats (with <c>inf</c>/<c>nan</c>), booleans, dates
/// and times (kept as written), arrays and inline tables. It enforces TOML's rules (no key defined twice, no table
/// reopened, no control characters) and tolerates two TOML 1.1 relaxations: newlines and a trailing comma inside
/// inline tables, and the <c>\e</c> and <c>\xHH</c> escapes. Nesting deeper than 64 is refused.</summary>
internal sealed partial class TomlConfigReader
{
    public const int MaxDepth = 64;

    private readonly string _text;
    private readonly List<int> _lineStarts = [0];
    private readonly Dictionary<ConfigNode, TableState> _states = new(ReferenceEqualityComparer.Instance);
    private int _pos;

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

    private enum TableState
    {
        /// <summary>Created as the parent of a <c>[header]</c>; a later <c>[header]</c> of its own may define it.</summary>
        Implicit,

        /// <summary>Defined by its own <c>[header]</c>.</summary>
        Header,

        /// <summary>Created by a dotted key; only more dotted keys of the same table may add to it.</summary>
        Dotted,

        /// <summary>An inline table or a static array: closed to later additions.</summary>
        Sealed,

        /// <summary>An array of tables, appended to by <c>[[header]]</c>.</summary>
        TableArray,
    }

    private bool AtEnd => _pos >= _text.Length;

    private char Current => _text[_pos];

    public static ConfigMap Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new TomlConfigReader(text).ReadDocument();
    }

    private ConfigMap ReadDocument()
    {
        var root = new ConfigMap(new TextPosition(1, 1));
        _states[root] = TableState.Header;
        var current = root;
        while (true)
        {
            SkipWhitespaceCommentsAndNewlines();
            if (AtEnd)
            {
                return root;
            }

            if (Current == '[')
            {
                current = _pos + 1 < _text.Length && _text[_pos + 1] == '[' ? ReadTableArrayHeader(root) : ReadTableHeader(root);
            }
            else
            {
                ReadKeyValue(current, 0);
            }

            ExpectEndOfLine();
        }
    }

    private ConfigMap ReadTableHeader(ConfigMap root)
    {
        var start = Position();
        _pos++;
        SkipSpaces();
        var keys = ReadKey();
        SkipSpaces();
        Expect(']', "a table header ends with ']'");
        var parent = Descend(root, keys, start);
        var last = keys[^1];
        var existing = parent.Get(last.Name);
        if (existing is null)
        {
            var table = new ConfigMap(start);
            _states[table] = TableState.Header;
            parent.Set(last.Name, table);
            return table;
        }

        if (existing is ConfigMap map && _states.GetValueOrDefault(map) == TableState.Implicit)
        {
            _states[map] = TableState.Header;
            return map;
        }

        if (existing is not ConfigMap)
        {
            throw Error($"[{Join(keys)}] names '{last.Name}', which is already {existing.KindName} defined at {existing.Position}, not a table", start);
        }

        throw Error($"the table [{Join(keys)}] is defined twice (first at {existing.Position})", start);
    }

    private ConfigMap ReadTableArrayHeader(ConfigMap root)
    {
        var start = Position();
        _pos += 2;
        SkipSpaces();
        var keys = ReadKey();
        SkipSpaces();
        Expect(']', "an array-of-tables header ends with ']]'");
        Expect(']', "an array-of-tables header ends with ']]'");
        var parent = Descend(root, keys, start);
        var last = keys[^1];
        var existing = parent.Get(last.Name);
        ConfigList list;
        if (existing is null)
        {
            list = new ConfigList(start);
            _states[list] = TableState.TableArray;
            parent.Set(last.Name, list);
        }
        else if (existing is ConfigList known && _states.GetValueOrDefault(known) == TableState.TableArray)
        {
            list = known;
        }
        else
        {
            throw Error($"[[{Join(keys)}]] appends to '{last.Name}', which is already {existing.KindName} defined at {existing.Position}", start);
        }

        var table = new ConfigMap(start);
        _states[table] = TableState.Header;
        list.Items.Add(table);
        return table;
    }

    /// <summary>Walks a header's keys but the last, creating implicit tables and entering the last table of an
    /// array of tables.</summary>
    private ConfigMap Descend(ConfigMap root, List<TomlKey> keys, TextPosition start)
    {
        var table = root;
        foreach (var key in keys.Take(keys.Count - 1))
        {
            var next = table.Get(key.Name);
            switch (next)
            {
                case null:
                    var created = new ConfigMap(key.Position);
                    _states[created] = TableState.Implicit;
                    table.Set(key.Name, created);
                    table = created;
                    break;
                case ConfigMap map when _states.GetValueOrDefault(map) != TableState.Sealed:
                    table = map;
                    break;
                case ConfigList list when _states.GetValueOrDefault(list) == TableState.TableArray && list.Items.Count > 0:
                    table = (ConfigMap)list.Items[^1];
                    break;
                default:
                    throw Error($"'{key.Name}' in [{Join(keys)}] is already {next.KindName} defined at {next.Position}, not a table", start);
            }
        }

        return table;
    }

    private void ReadKeyValue(ConfigMap table, int depth)
    {
        var start = Position();
        var keys = ReadKey();
        SkipSpaces();
        Expect('=', "a key is followed by '='");
        SkipSpaces();
        var value = ReadValue(depth);
        foreach (var key in keys.Take(keys.Count - 1))
        {
            var next = table.Get(key.Name);
            switch (next)
            {
                case null:
                    var created = new ConfigMap(key.Position);
                    _states[created] = TableState.Dotted;
                    table.Set(key.Name, created);
                    table = created;
                    break;
                case ConfigMap map when _states.GetValueOrDefault(map) == TableState.Dotted:
                    table = map;
                    break;
                default:
                    throw Error($"the dotted key '{Join(keys)}' extends '{key.Name}', which is already {next.KindName} defined at {next.Position}", start);
            }
        }

        var last = keys[^1];
        if (table.Get(last.Name) is { } existing)
        {
            throw Error($"the key '{Join(keys)}' is defined twice (first at {existing.Position})", start);
        }

        table.Set(last.Name, value);
    }

    private List<TomlKey> ReadKey()
    {
        var keys = new List<TomlKey>();
        while (true)
        {
            var position = Position();
            if (AtEnd)
            {
                throw Error("a key is expected", position);
            }

            string name;
            if (Current == '"')
            {
                if (Peek("\"\"\""))
                {
                    throw Error("a key cannot be a multi-line string", position);
                }

                name = ReadBasicString();
            }
            else if (Current == '\'')
            {
                if (Peek("'''"))
                {
                    throw Error("a key cannot be a multi-line string", position);
                }

                name = ReadLiteralString();
            }
            else
            {
                var begin = _pos;
                while (!AtEnd && IsBareKeyChar(Current))
                {
                    _pos++;
                }

                if (_pos == begin)
                {
                    throw Error($"a key is expected, found {Describe()}; keys are bare (A-Z a-z 0-9 _ -) or quoted", position);
                }

                name = _text[begin.._pos];
            }

            keys.Add(new TomlKey(name, position));
            SkipSpaces();
            if (AtEnd || Current != '.')
            {
                return keys;
            }

            _pos++;
            SkipSpaces();
        }
    }

    private ConfigNode ReadValue(int depth)
    {
        var position = Position();
        if (depth >= MaxDepth)
        {
            throw Error($"values are nested deeper than {MaxDepth} levels", position);
        }

        if (AtEnd)
        {
            throw Error("a value is expected after '='", position);
        }

        switch (Current)
        {
            case '"':
                return new ConfigScalar(ScalarKind.String, Peek("\"\"\"") ? ReadMultilineBasicString() : ReadBasicString(), position);
            case '\'':
                return new ConfigScalar(ScalarKind.String, Peek("'''") ? ReadMultilineLiteralString() : ReadLiteralString(), position);
            case '[':
                return ReadArray(depth, position);
            case '{':
                return ReadInlineTable(depth, position);
            default:
                return ReadBareValue(position);
        }
    }

    private ConfigList ReadArray(int depth, TextPosition position)
    {
        _pos++;
        var list = new ConfigList(position);
        _states[list] = TableState.Sealed;
        while (true)
        {
            SkipWhitespaceCommentsAndNewlines();
            if (AtEnd)
            {
                throw Error("an array is not closed with ']'", position);
            }

            if (Current == ']')
            {
                _pos++;
                return list;
            }

            list.Items.Add(ReadValue(depth + 1));
            SkipWhitespaceCommentsAndNewlines();
            if (AtEnd)
            {
                throw Error("an array is not closed with ']'", position);
            }

            if (Current == ',')
            {
                _pos++;
            }
            else if (Current != ']')
            {
                throw Error($"array items are separated by ',' and the array ends with ']', found {Describe()}", Position());
            }
        }
    }

    private ConfigMap ReadInlineTable(int depth, TextPosition position)
    {
        _pos++;
        var table = new ConfigMap(position) { Inline = true };
        _states[table] = TableState.Dotted;
        var afterComma = false;
        while (true)
        {
            SkipWhitespaceCommentsAndNewlines();
            if (AtEnd)
            {
                throw Error("an inline table is not closed with '}'", position);
            }

            if (Current == '}')
            {
                _pos++;
                break;
            }

            if (table.Count > 0 && !afterComma)
            {
                throw Error($"inline-table entries are separated by ',', found {Describe()}", Position());
            }

            ReadKeyValue(table, depth + 1);
            SkipWhitespaceCommentsAndNewlines();
            afterComma = !AtEnd && Current == ',';
            if (afterComma)
            {
                _pos++;
            }
        }

        Seal(table);
        return table;
    }

    private void Seal(ConfigMap table)
    {
        _states[table] = TableState.Sealed;
        foreach (var (_, value) in table.Entries)
        {
            if (value is ConfigMap child && _states.GetValueOrDefault(child) == TableState.Dotted)
            {
                Seal(child);
            }
        }
    }

    private ConfigScalar ReadBareValue(TextPosition position)
    {
        var begin = _pos;
        while (!AtEnd && !IsValueTerminator(Current))
        {
            _pos++;
        }

        // A date and a time may be separated by one space: "1979-05-27 07:32:00".
        if (DatePattern().IsMatch(_text.AsSpan(begin, _pos - begin)) && _pos + 1 < _text.Length && _text[_pos] == ' ' && char.IsAsciiDigit(_text[_pos + 1]))
        {
            _pos++;
            while (!AtEnd && !IsValueTerminator(Current))
            {
                _pos++;
            }
        }

        var token = _text[begin.._pos];
        if (token.Length == 0)
        {
            throw Error($"a value is expected, found {Describe()}", position);
        }

        if (token is "true" or "false")
        {
            return new ConfigScalar(ScalarKind.Boolean, token, position);
        }

        if (IntegerPattern().IsMatch(token))
        {
            return new ConfigScalar(ScalarKind.Integer, token, position);
        }

        if (FloatPattern().IsMatch(token) || token is "inf" or "+inf" or "-inf" or "nan" or "+nan" or "-nan")
        {
            return new ConfigScalar(ScalarKind.Float, token, position);
        }

        if (DateTimePattern().IsMatch(token) || TimePattern().IsMatch(token))
        {
            return new ConfigScalar(ScalarKind.DateTime, token, position);
        }

        throw Error($"'{Shorten(token)}' is not a TOML value (strings need quotes: \"...\")", position);
    }

    private string ReadBasicString()
    {
        var start = Position();
        _pos++;
        var builder = new StringBuilder();
        while (true)
        {
            if (AtEnd || Current == '\n' || Current == '\r')
            {
                throw Error("a string is not closed with '\"' on its line", start);
            }

            var c = Current;
            if (c == '"')
            {
                _pos++;
                return builder.ToString();
            }

            if (c == '\\')
            {
                ReadEscape(builder);
                continue;
            }

            CheckStringChar(c);
            builder.Append(c);
            _pos++;
        }
    }

    private string ReadMultilineBasicString()
    {
        var start = Position();
        _pos += 3;
        SkipOneNewline();
        var builder = new StringBuilder();
        while (true)
        {
            if (AtEnd)
            {
                throw Error("a multi-line string is not closed with '\"\"\"'", start);
            }

            var c = Current;
            if (Peek("\"\"\""))
            {
                // Up to two quotes may sit right before the closing delimiter.
                var quotes = 3;
                while (quotes < 5 && _pos + quotes < _text.Length && _text[_pos + quotes] == '"')
                {
                    quotes++;
                }

                builder.Append('"', quotes - 3);
                _pos += quotes;
                return builder.ToString();
            }

            if (c == '\\')
            {
                var after = _pos + 1;
                while (after < _text.Length && _text[after] is ' ' or '\t')
                {
                    after++;
                }

                if (after < _text.Length && _text[after] is '\n' or '\r')
                {
                    // A line-ending backslash trims the newline and the whitespace that follows.
                    _pos = after;
                    while (!AtEnd && Current is ' ' or '\t' or '\n' or '\r')
                    {
                        if (Current == '\r')
                        {
                            CheckCarriageReturn();
                        }

                        _pos++;
                    }

                    continue;
                }

                ReadEscape(builder);
                continue;
            }

            if (c == '\r')
            {
                CheckCarriageReturn();
                _pos++;
                continue;
            }

            if (c != '\n')
            {
                CheckStringChar(c);
            }

            builder.Append(c);
            _pos++;
        }
    }

    private string ReadLiteralString()
    {
        var start = Position();
        _pos++;
        var begin = _pos;
        while (true)
        {
            if (AtEnd || Current == '\n' || Current == '\r')
            {
                throw Error("a literal string is not closed with \"'\" on its line", start);
            }

            if (Current == '\'')
            {
                var value = _text[begin.._pos];
                _pos++;
                return value;
            }

            CheckStringChar(Current);
            _pos++;
        }
    }

    private string ReadMultilineLiteralString()
    {
        var start = Position();
        _pos += 3;
        SkipOneNewline();
        var builder = new StringBuilder();
        while (true)
        {
            if (AtEnd)
            {
                throw Error("a multi-line literal string is not closed with \"'''\"", start);
            }

            if (Peek("'''"))
            {
                var quotes = 3;
                while (quotes < 5 && _pos + quotes < _text.Length && _text[_pos + quotes] == '\'')
                {
                    quotes++;
                }

                builder.Append('\'', quotes - 3);
                _pos += quotes;
                return builder.ToString();
            }

            var c = Current;
            if (c == '\r')
            {
                CheckCarriageReturn();
                _pos++;
                continue;
            }

            if (c != '\n')
            {
                CheckStringChar(c);
            }

            builder.Append(c);
            _pos++;
        }
    }

    private void ReadEscape(StringBuilder builder)
    {
        var position = Position();
        _pos++;
        if (AtEnd)
        {
            throw Error("a string ends inside an escape", position);
        }

        var c = Current;
        _pos++;
        switch (c)
        {
            case 'b': builder.Append('\b'); return;
            case 't': builder.Append('\t'); return;
            case 'n': builder.Append('\n'); return;
            case 'f': builder.Append('\f'); return;
            case 'r': builder.Append('\r'); return;
            case 'e': builder.Append('\u001b'); return;
            case '"': builder.Append('"'); return;
            case '\\': builder.Append('\\'); return;
            case 'x': AppendCodePoint(builder, ReadHex(2, position), position); return;
            case 'u': AppendCodePoint(builder, ReadHex(4, position), position); return;
            case 'U': AppendCodePoint(builder, ReadHex(8, position), position); return;
            default:
                throw Error($"'\\{Printable(c)}' is not a TOML escape (use \\\\ for a backslash, or a literal 'string')", position);
        }
    }

    private int ReadHex(int digits, TextPosition position)
    {
        if (_pos + digits > _text.Length)
        {
            throw Error($"a \\u escape needs {digits} hex digits", position);
        }

        var hex = _text.AsSpan(_pos, digits);
        foreach (var h in hex)
        {
            if (!char.IsAsciiHexDigit(h))
            {
                throw Error($"a \\u escape needs {digits} hex digits", position);
            }
        }

        _pos += digits;
        return int.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value) ? value : -1;
    }

    private static void AppendCodePoint(StringBuilder builder, int value, TextPosition position)
    {
        if (!Rune.IsValid(value))
        {
            throw Error("a \\u escape names no Unicode scalar value (surrogates and values above 10FFFF are not allowed)", position);
        }

        builder.Append(new Rune(value).ToString());
    }

    private void CheckStringChar(char c)
    {
        if ((c < 0x20 && c != '\t') || c == 0x7f)
        {
            throw Error($"a string holds the control character U+{(int)c:X4}; write it as an escape (\\u{(int)c:X4})", Position());
        }

        var broken = char.IsHighSurrogate(c)
            ? _pos + 1 >= _text.Length || !char.IsLowSurrogate(_text[_pos + 1])
            : char.IsLowSurrogate(c) && (_pos == 0 || !char.IsHighSurrogate(_text[_pos - 1]));
        if (broken)
        {
            throw Error("a string holds text that is not valid Unicode", Position());
        }
    }

    private void SkipOneNewline()
    {
        if (Peek("\r\n"))
        {
            _pos += 2;
        }
        else if (!AtEnd && Current == '\n')
        {
            _pos++;
        }
    }

    private void CheckCarriageReturn()
    {
        if (_pos + 1 >= _text.Length || _text[_pos + 1] != '\n')
        {
            throw Error("a carriage return must be followed by a newline", Position());
        }
    }

    private void SkipSpaces()
    {
        while (!AtEnd && Current is ' ' or '\t')
        {
            _pos++;
        }
    }

    private void SkipComment()
    {
        if (AtEnd || Current != '#')
        {
            return;
        }

        while (!AtEnd && Current != '\n')
        {
            var c = Current;
            if (c == '\r')
            {
                CheckCarriageReturn();
                return;
            }

            if ((c < 0x20 && c != '\t') || c == 0x7f)
            {
                throw Error($"a comment holds the control character U+{(int)c:X4}", Position());
            }

            _pos++;
        }
    }

    private void SkipWhitespaceCommentsAndNewlines()
    {
        while (!AtEnd)
        {
            var c = Current;
            if (c is ' ' or '\t' or '\n')
            {
                _pos++;
            }
            else if (c == '\r')
            {
                CheckCarriageReturn();
                _pos++;
            }
            else if (c == '#')
            {
                SkipComment();
            }
            else
            {
                return;
            }
        }
    }

    private void ExpectEndOfLine()
    {
        SkipSpaces();
        SkipComment();
        if (AtEnd)
        {
            return;
        }

        if (Current == '\n')
        {
            _pos++;
            return;
        }

        if (Current == '\r')
        {
            CheckCarriageReturn();
            _pos += 2;
            return;
        }

        throw Error($"expected the end of the line, found {Describe()} (one key = value per line)", Position());
    }

    private void Expect(char c, string what)
    {
        if (AtEnd || Current != c)
        {
            throw Error($"{what}, found {Describe()}", Position());
        }

        _pos++;
    }

    private bool Peek(string s) => _pos + s.Length <= _text.Length && string.CompareOrdinal(_text, _pos, s, 0, s.Length) == 0;

    private string Describe() => AtEnd ? "the end of the content" : $"'{Printable(Current)}'";

    private static string Printable(char c) => c < 0x20 || c == 0x7f || char.IsSurrogate(c) ? $"U+{(int)c:X4}" : c.ToString();

    private static string Shorten(string token)
    {
        var cut = token.Length > 40 ? token[..40] + "…" : token;
        return new string(cut.Select(ch => ch < 0x20 || ch == 0x7f ? '?' : ch).ToArray());
    }

    private static bool IsBareKeyChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or '-';

    private static bool IsValueTerminator(char c) => c is ' ' or '\t' or '\n' or '\r' or ',' or ']' or '}' or '#';

    private static string Join(List<TomlKey> keys) => string.Join('.', keys.Select(k => k.Name));

    private TextPosition Position() => PositionOf(_pos);

    private TextPosition PositionOf(int offset)
    {
        var index = _lineStarts.BinarySearch(offset);
        var line = index >= 0 ? index : ~index - 1;
        return new TextPosition(line + 1, offset - _lineStarts[line] + 1);
    }

    private static DocumentException Error(string reason, TextPosition position) => new(reason, position);

    [GeneratedRegex(@"^[+-]?(0|[1-9](_?[0-9])*)\z|^0x[0-9A-Fa-f](_?[0-9A-Fa-f])*\z|^0o[0-7](_?[0-7])*\z|^0b[01](_?[01])*\z", RegexOptions.CultureInvariant)]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[+-]?(0|[1-9](_?[0-9])*)((\.[0-9](_?[0-9])*)([eE][+-]?[0-9](_?[0-9])*)?|[eE][+-]?[0-9](_?[0-9])*)\z", RegexOptions.CultureInvariant)]
    private static partial Regex FloatPattern();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}\z", RegexOptions.CultureInvariant)]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})?)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex DateTimePattern();

    [GeneratedRegex(@"^[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex TimePattern();

    private readonly record struct TomlKey(string Name, TextPosition Position);
}
