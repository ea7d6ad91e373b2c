using System.Globalization;
using System.Text;

namespace McpOrchestrator.Cli.Merging;

/// <summary>Reads JSON with comments and trailing commas (JSONC, as VS Code and Zed write it) into text offsets
/// instead of values, so a writer can replace one member's value and leave every other character of the file as it
/// was. Malformed text is a <see cref="MergeException"/> naming the line and column.</summary>
public sealed class JsoncScanner
{
    private readonly string _text;
    private int _position;

    private JsoncScanner(string text) => _text = text;

    /// <summary>The root object of <paramref name="text"/>.</summary>
    public static JsoncObject ReadRoot(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var scanner = new JsoncScanner(text);
        scanner.SkipTrivia();
        if (scanner.Peek() != '{')
        {
            throw scanner.Error("the file is not a JSON object");
        }

        var root = scanner.ReadObject();
        scanner.SkipTrivia();
        return scanner._position < text.Length ? throw scanner.Error("unexpected text after the end of the JSON object") : root;
    }

    /// <summary>The offset just after the end of any spaces, tabs and comments from <paramref name="start"/>, stopping
    /// before a line break (a block comment may span lines).</summary>
    public static int SkipInlineTrivia(string text, int start)
    {
        var i = start;
        while (i < text.Length)
        {
            if (text[i] is ' ' or '\t' or '\r')
            {
                i++;
            }
            else if (text[i] == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }
            }
            else if (text[i] == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? text.Length : end + 2;
            }
            else
            {
                break;
            }
        }

        return i;
    }

    /// <summary>The offset of the next character that is not whitespace or a comment.</summary>
    public static int SkipAllTrivia(string text, int start)
    {
        var scanner = new JsoncScanner(text) { _position = start };
        scanner.SkipTrivia();
        return scanner._position;
    }

    private char Peek() => _position < _text.Length ? _text[_position] : '\0';

    private JsoncObject ReadObject()
    {
        var open = _position++;
        var members = new List<JsoncMember>();
        while (true)
        {
            SkipTrivia();
            if (Peek() == '}')
            {
                return new JsoncObject(open, _position++, members);
            }

            if (Peek() != '"')
            {
                throw Error("expected a quoted member name or '}'");
            }

            var keyStart = _position;
            var key = ReadString();
            SkipTrivia();
            if (Peek() != ':')
            {
                throw Error("expected ':' after a member name");
            }

            _position++;
            SkipTrivia();
            var valueStart = _position;
            var nested = ReadValue();
            members.Add(new JsoncMember(key, keyStart, valueStart, _position, nested));
            SkipTrivia();
            if (Peek() == ',')
            {
                _position++;
                continue;
            }

            if (Peek() != '}')
            {
                throw Error("expected ',' or '}' after a member");
            }
        }
    }

    private JsoncObject? ReadValue()
    {
        switch (Peek())
        {
            case '{':
                return ReadObject();
            case '[':
                _position++;
                while (true)
                {
                    SkipTrivia();
                    if (Peek() == ']')
                    {
                        _position++;
                        return null;
                    }

                    ReadValue();
                    SkipTrivia();
                    if (Peek() == ',')
                    {
                        _position++;
                    }
                    else if (Peek() != ']')
                    {
                        throw Error("expected ',' or ']' in an array");
                    }
                }

            case '"':
                ReadString();
                return null;
            default:
                var start = _position;
                while (_position < _text.Length && (char.IsAsciiLetterOrDigit(_text[_position]) || _text[_position] is '-' or '+' or '.'))
                {
                    _position++;
                }

                var word = _text[start.._position];
                if (word is not ("true" or "false" or "null") && !double.TryParse(word, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                {
                    _position = start;
                    throw Error("expected a JSON value");
                }

                return null;
        }
    }

    private string ReadString()
    {
        _position++;
        var builder = new StringBuilder();
        while (_position < _text.Length)
        {
            var c = _text[_position++];
            if (c == '"')
            {
                return builder.ToString();
            }

            if (c == '\n')
            {
                _position--;
                throw Error("a string is not closed on its line");
            }

            if (c == '\\' && _position < _text.Length)
            {
                var escaped = _text[_position++];
                switch (escaped)
                {
                    case 'n': builder.Append('\n'); break;
                    case 't': builder.Append('\t'); break;
                    case 'r': builder.Append('\r'); break;
                    case 'b': builder.Append('\b'); break;
                    case 'f': builder.Append('\f'); break;
                    case 'u' when _position + 4 <= _text.Length
                        && int.TryParse(_text.AsSpan(_position, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code):
                        builder.Append((char)code);
                        _position += 4;
                        break;
                    default: builder.Append(escaped); break;
                }

                continue;
            }

            builder.Append(c);
        }

        throw Error("a string is not closed");
    }

    private void SkipTrivia()
    {
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (char.IsWhiteSpace(c) || c == '\uFEFF')
            {
                _position++;
            }
            else if (c == '/' && _position + 1 < _text.Length && _text[_position + 1] == '/')
            {
                while (_position < _text.Length && _text[_position] != '\n')
                {
                    _position++;
                }
            }
            else if (c == '/' && _position + 1 < _text.Length && _text[_position + 1] == '*')
            {
                var end = _text.IndexOf("*/", _position + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    throw Error("a /* comment is not closed");
                }

                _position = end + 2;
            }
            else
            {
                return;
            }
        }
    }

    private MergeException Error(string reason)
    {
        var (line, column) = TextLines.Position(_text, _position);
        return new MergeException($"{reason} at line {line}, column {column}");
    }
}
