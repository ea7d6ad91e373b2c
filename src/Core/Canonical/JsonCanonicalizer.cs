using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpOrchestrator.Core.Canonical;

/// <summary>
/// RFC 8785 JSON Canonicalization Scheme (JCS): the one byte sequence a JSON value hashes and signs as. Object
/// members sorted by the UTF-16 code units of their names, no whitespace, numbers as ECMAScript's
/// <c>Number.prototype.toString</c> writes IEEE 754 doubles, strings escaped exactly as ECMAScript's
/// <c>JSON.stringify</c> does, output in UTF-8. Values JCS cannot represent (NaN, infinities, numbers that overflow a
/// double, unpaired surrogates, duplicate member names) are refused with <see cref="ArgumentException"/>. Nodes and
/// .NET values are first written by System.Text.Json, which turns an unpaired surrogate into U+FFFD.
/// </summary>
public static class JsonCanonicalizer
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The canonical UTF-8 bytes of <paramref name="element"/>.</summary>
    /// <exception cref="ArgumentException">The value holds something JCS cannot represent.</exception>
    public static byte[] Canonicalize(JsonElement element)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Write(buffer, element, new Path());
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The canonical UTF-8 bytes of <paramref name="node"/>; a null node is the JSON <c>null</c>.</summary>
    /// <exception cref="ArgumentException">The value holds something JCS cannot represent.</exception>
    public static byte[] Canonicalize(JsonNode? node)
    {
        JsonElement element;
        try
        {
            element = JsonSerializer.SerializeToElement(node);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or JsonException)
        {
            throw new ArgumentException($"The JSON value cannot be canonicalized: {e.Message}", nameof(node), e);
        }

        return Canonicalize(element);
    }

    /// <summary>
    /// Serialises <paramref name="value"/> with <paramref name="options"/> (default <see cref="JsonSerializerOptions.Web"/>:
    /// camelCase, as the HTTP API writes) and returns the canonical UTF-8 bytes of the result.
    /// </summary>
    /// <exception cref="ArgumentException">The value holds something JCS cannot represent.</exception>
    public static byte[] Serialize<T>(T value, JsonSerializerOptions? options = null)
    {
        JsonElement element;
        try
        {
            element = JsonSerializer.SerializeToElement(value, options ?? JsonSerializerOptions.Web);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            throw new ArgumentException($"The value cannot be canonicalized: {e.Message}", nameof(value), e);
        }

        return Canonicalize(element);
    }

    /// <summary>
    /// A double as ECMAScript's <c>Number::toString</c> writes it (RFC 8785 §3.2.2.3): the shortest digits that
    /// round-trip, plain notation for decimal exponents from -7 to 20, otherwise <c>d.ddde±x</c>; <c>-0</c> is
    /// <c>0</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">NaN or an infinity.</exception>
    public static string FormatNumber(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "JSON has no representation for NaN or infinities.");
        }

        if (value == 0)
        {
            return "0";
        }

        // .NET's "R" is the shortest round-trip representation (closest to the value, ties to even), the same digits
        // ECMAScript chooses; only its layout differs, so take the digits and the exponent and lay them out again.
        var text = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var exponent = 0;
        var e = text.IndexOf('E', StringComparison.Ordinal);
        if (e >= 0)
        {
            exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var digits = dot >= 0 ? string.Concat(text.AsSpan(0, dot), text.AsSpan(dot + 1)) : text;
        var pointPosition = dot >= 0 ? dot : text.Length;
        var leadingZeros = 0;
        while (digits[leadingZeros] == '0')
        {
            leadingZeros++;
        }

        digits = digits[leadingZeros..].TrimEnd('0');
        var k = digits.Length;
        var n = pointPosition - leadingZeros + exponent;

        var result = new StringBuilder(32);
        if (value < 0)
        {
            result.Append('-');
        }

        if (k <= n && n <= 21)
        {
            result.Append(digits).Append('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            result.Append(digits, 0, n).Append('.').Append(digits, n, k - n);
        }
        else if (-6 < n && n <= 0)
        {
            result.Append("0.").Append('0', -n).Append(digits);
        }
        else
        {
            result.Append(digits[0]);
            if (k > 1)
            {
                result.Append('.').Append(digits, 1, k - 1);
            }

            var shown = n - 1;
            result.Append('e').Append(shown < 0 ? '-' : '+').Append(Math.Abs(shown).ToString(CultureInfo.InvariantCulture));
        }

        return result.ToString();
    }

    private static void Write(ArrayBufferWriter<byte> output, JsonElement element, Path path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                WriteObject(output, element, path);
                break;
            case JsonValueKind.Array:
                output.Write("["u8);
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (index > 0)
                    {
                        output.Write(","u8);
                    }

                    path.Push(index);
                    Write(output, item, path);
                    path.Pop();
                    index++;
                }

                output.Write("]"u8);
                break;
            case JsonValueKind.String:
                WriteString(output, ReadString(element, path), path);
                break;
            case JsonValueKind.Number:
                var number = element.GetDouble();
                if (!double.IsFinite(number))
                {
                    throw new ArgumentException(
                        $"The number at {path} ({element.GetRawText()}) is outside the range of an IEEE 754 double, which JCS (RFC 8785) requires.",
                        nameof(element));
                }

                output.Write(Encoding.ASCII.GetBytes(FormatNumber(number)));
                break;
            case JsonValueKind.True:
                output.Write("true"u8);
                break;
            case JsonValueKind.False:
                output.Write("false"u8);
                break;
            case JsonValueKind.Null:
                output.Write("null"u8);
                break;
            default:
                throw new ArgumentException($"The value at {path} is not JSON ({element.ValueKind}).", nameof(element));
        }
    }

    private static void WriteObject(ArrayBufferWriter<byte> output, JsonElement element, Path path)
    {
        var members = new List<(string Name, JsonElement Value)>();
        foreach (var property in element.EnumerateObject())
        {
            string name;
            try
            {
                name = property.Name;
            }
            catch (InvalidOperationException e)
            {
                throw new ArgumentException($"A member name in the object at {path} is not valid Unicode: {e.Message}", nameof(element), e);
            }

            members.Add((name, property.Value));
        }

        // Ordinal comparison of .NET strings compares UTF-16 code units, which is the order RFC 8785 §3.2.3 demands.
        members.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        output.Write("{"u8);
        for (var i = 0; i < members.Count; i++)
        {
            var (name, value) = members[i];
            if (i > 0)
            {
                if (string.Equals(members[i - 1].Name, name, StringComparison.Ordinal))
                {
                    throw new ArgumentException(
                        $"The object at {path} has the member \"{name}\" more than once; JCS (RFC 8785) needs unique member names.", nameof(element));
                }

                output.Write(","u8);
            }

            WriteString(output, name, path);
            output.Write(":"u8);
            path.Push(name);
            Write(output, value, path);
            path.Pop();
        }

        output.Write("}"u8);
    }

    private static string ReadString(JsonElement element, Path path)
    {
        try
        {
            return element.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            throw new ArgumentException($"The string at {path} is not valid Unicode (an unpaired surrogate?): {e.Message}", nameof(element), e);
        }
    }

    /// <summary>A string as ECMAScript's QuoteJSONString writes it: <c>"</c>, <c>\</c> and the control characters
    /// escaped (the short forms where they exist, else <c>\u00xx</c> in lowercase hex), everything else as is.</summary>
    private static void WriteString(ArrayBufferWriter<byte> output, string value, Path path)
    {
        var escaped = new StringBuilder(value.Length + 2);
        escaped.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    escaped.Append("\\\"");
                    break;
                case '\\':
                    escaped.Append("\\\\");
                    break;
                case '\b':
                    escaped.Append("\\b");
                    break;
                case '\f':
                    escaped.Append("\\f");
                    break;
                case '\n':
                    escaped.Append("\\n");
                    break;
                case '\r':
                    escaped.Append("\\r");
                    break;
                case '\t':
                    escaped.Append("\\t");
                    break;
                case < ' ':
                    escaped.Append("\\u00").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    break;
                default:
                    escaped.Append(c);
                    break;
            }
        }

        escaped.Append('"');
        try
        {
            output.Write(StrictUtf8.GetBytes(escaped.ToString()));
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException($"A string at {path} holds an unpaired UTF-16 surrogate, which JCS (RFC 8785) cannot represent.", nameof(value), e);
        }
    }

    /// <summary>Where the writer is (<c>$.servers[2].env</c>), for error messages; rendered only when one is thrown.</summary>
    private sealed class Path
    {
        private readonly List<object> _segments = [];

        public void Push(object segment) => _segments.Add(segment);

        public void Pop() => _segments.RemoveAt(_segments.Count - 1);

        public override string ToString()
        {
            var text = new StringBuilder("$");
            foreach (var segment in _segments)
            {
                text.Append(segment is int index ? "[" + index.ToString(CultureInfo.InvariantCulture) + "]" : "." + segment);
            }

            return text.ToString();
        }
    }
}
