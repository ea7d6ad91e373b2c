using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpOrchestrator.Core.Canonical;

namespace McpOrchestrator.Core.Tests.Canonical;

/// <summary>RFC 8785 by its own examples (§3.2.2, §3.2.3, §3.2.4, Appendix B) and by the corners of number and string
/// serialisation.</summary>
public sealed class JsonCanonicalizerTests
{
    [Fact]
    public void Canonicalize_Rfc8785MainExample_MatchesTheRfcsBytes()
    {
        const string input = """
            {
              "numbers": [333333333.33333329, 1E30, 4.50,
                          2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """;

        var canonical = Canonicalize(input);

        Assert.Equal("""{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}""", Encoding.UTF8.GetString(canonical));
        const string rfcHex = """
            7b 22 6c 69 74 65 72 61 6c 73 22 3a 5b 6e 75 6c 6c 2c 74 72
            75 65 2c 66 61 6c 73 65 5d 2c 22 6e 75 6d 62 65 72 73 22 3a
            5b 33 33 33 33 33 33 33 33 33 2e 33 33 33 33 33 33 33 2c 31
            65 2b 33 30 2c 34 2e 35 2c 30 2e 30 30 32 2c 31 65 2d 32 37
            5d 2c 22 73 74 72 69 6e 67 22 3a 22 e2 82 ac 24 5c 75 30 30
            30 66 5c 6e 41 27 42 5c 22 5c 5c 5c 5c 5c 22 2f 22 7d
            """;
        Assert.Equal(Convert.FromHexString(string.Concat(rfcHex.Where(Uri.IsHexDigit))), canonical);
    }

    [Fact]
    public void Canonicalize_Rfc8785SortingExample_OrdersByUtf16CodeUnits()
    {
        const string input = """
            {
              "\u20ac": "Euro Sign",
              "\r": "Carriage Return",
              "\ufb33": "Hebrew Letter Dalet With Dagesh",
              "1": "One",
              "\ud83d\ude00": "Emoji: Grinning Face",
              "\u0080": "Control",
              "\u00f6": "Latin Small Letter O With Diaeresis"
            }
            """;

        using var canonical = JsonDocument.Parse(Canonicalize(input));

        // U+1F600 (surrogates D83D DE00) sorts before U+FB33: code units, not code points.
        Assert.Equal(
            ["Carriage Return", "One", "Control", "Latin Small Letter O With Diaeresis", "Euro Sign", "Emoji: Grinning Face", "Hebrew Letter Dalet With Dagesh"],
            canonical.RootElement.EnumerateObject().Select(p => p.Value.GetString()));
        Assert.StartsWith("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":", Encoding.UTF8.GetString(Canonicalize(input)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0000000000000000", "0")]
    [InlineData("8000000000000000", "0")]
    [InlineData("0000000000000001", "5e-324")]
    [InlineData("8000000000000001", "-5e-324")]
    [InlineData("7fefffffffffffff", "1.7976931348623157e+308")]
    [InlineData("ffefffffffffffff", "-1.7976931348623157e+308")]
    [InlineData("4340000000000000", "9007199254740992")]
    [InlineData("c340000000000000", "-9007199254740992")]
    [InlineData("4430000000000000", "295147905179352830000")]
    [InlineData("44b52d02c7e14af5", "9.999999999999997e+22")]
    [InlineData("44b52d02c7e14af6", "1e+23")]
    [InlineData("44b52d02c7e14af7", "1.0000000000000001e+23")]
    [InlineData("444b1ae4d6e2ef4e", "999999999999999700000")]
    [InlineData("444b1ae4d6e2ef4f", "999999999999999900000")]
    [InlineData("444b1ae4d6e2ef50", "1e+21")]
    [InlineData("3eb0c6f7a0b5ed8c", "9.999999999999997e-7")]
    [InlineData("3eb0c6f7a0b5ed8d", "0.000001")]
    [InlineData("41b3de4355555553", "333333333.3333332")]
    [InlineData("41b3de4355555554", "333333333.33333325")]
    [InlineData("41b3de4355555555", "333333333.3333333")]
    [InlineData("41b3de4355555556", "333333333.3333334")]
    [InlineData("41b3de4355555557", "333333333.33333343")]
    [InlineData("becbf647612f3696", "-0.0000033333333333333333")]
    [InlineData("43143ff3c1cb0959", "1424953923781206.2")]
    public void FormatNumber_Rfc8785AppendixB(string ieeeHex, string expected)
    {
        var value = BitConverter.Int64BitsToDouble(long.Parse(ieeeHex, NumberStyles.HexNumber, CultureInfo.InvariantCulture));

        Assert.Equal(expected, JsonCanonicalizer.FormatNumber(value));
    }

    [Theory]
    [InlineData("1e21", "1e+21")]
    [InlineData("1e20", "100000000000000000000")]
    [InlineData("1e-7", "1e-7")]
    [InlineData("1e-6", "0.000001")]
    [InlineData("0.000001", "0.000001")]
    [InlineData("-0", "0")]
    [InlineData("-0.0", "0")]
    [InlineData("5e-324", "5e-324")]
    [InlineData("2e-324", "0")]
    [InlineData("1.7976931348623157e308", "1.7976931348623157e+308")]
    [InlineData("123456789012345680000", "123456789012345680000")]
    [InlineData("123456789012345678901", "123456789012345680000")]
    [InlineData("9007199254740993", "9007199254740992")]
    [InlineData("9007199254740991", "9007199254740991")]
    [InlineData("-9007199254740991", "-9007199254740991")]
    [InlineData("1.0", "1")]
    [InlineData("100", "100")]
    [InlineData("1E2", "100")]
    [InlineData("0.1", "0.1")]
    [InlineData("0.30000000000000004", "0.30000000000000004")]
    [InlineData("1.5e-7", "1.5e-7")]
    [InlineData("1.25e+25", "1.25e+25")]
    [InlineData("-1.5", "-1.5")]
    [InlineData("12345.6789", "12345.6789")]
    [InlineData("4.35", "4.35")]
    [InlineData("2.5e-5", "0.000025")]
    public void Canonicalize_TrickyNumbers(string json, string expected)
    {
        Assert.Equal(expected, Encoding.UTF8.GetString(Canonicalize(json)));
    }

    [Fact]
    public void Canonicalize_Strings_EscapeOnlyWhatRfc8785Requires()
    {
        var all = new StringBuilder();
        for (var c = 0; c < 0x20; c++)
        {
            all.Append((char)c);
        }

        all.Append("\"\\/\u007f\u0080\u00e9\u2028\u2029\ufeff😀<>&'");

        var canonical = JsonCanonicalizer.Canonicalize(JsonValue.Create(all.ToString()));

        const string expectedControls =
            "\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e\\u000f"
            + "\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f";
        Assert.Equal("\"" + expectedControls + "\\\"\\\\/\u007f\u0080\u00e9\u2028\u2029\ufeff😀<>&'\"", Encoding.UTF8.GetString(canonical));
        Assert.Equal(new byte[] { 0xF0, 0x9F, 0x98, 0x80 }, canonical.AsSpan(canonical.Length - 9, 4).ToArray());
    }

    [Fact]
    public void Canonicalize_NestedStructures_NoWhitespace_KeysSortedAtEveryLevel_ArrayOrderKept()
    {
        const string input = """
            { "b": [ 3, 1, {"z": true, "a": null} ], "a": { "y": "", "x": [] , "w": {} }, "": 0 }
            """;

        Assert.Equal("""{"":0,"a":{"w":{},"x":[],"y":""},"b":[3,1,{"a":null,"z":true}]}""", Encoding.UTF8.GetString(Canonicalize(input)));
    }

    [Fact]
    public void Canonicalize_JsonNodeAndSerializedValue_GiveTheSameBytesAsTheParsedText()
    {
        var node = new JsonObject
        {
            ["name"] = "github",
            ["args"] = new JsonArray("-y", "@modelcontextprotocol/server-github"),
            ["port"] = 8080,
            ["ratio"] = 0.5,
            ["big"] = 1e21,
            ["long"] = 9007199254740991L,
            ["decimal"] = 1.10m,
        };

        var fromNode = JsonCanonicalizer.Canonicalize(node);
        var fromValue = JsonCanonicalizer.Serialize(new { Name = "github", Args = new[] { "-y", "@modelcontextprotocol/server-github" }, Port = 8080, Ratio = 0.5, Big = 1e21, Long = 9007199254740991L, Decimal = 1.10m });

        const string expected = """{"args":["-y","@modelcontextprotocol/server-github"],"big":1e+21,"decimal":1.1,"long":9007199254740991,"name":"github","port":8080,"ratio":0.5}""";
        Assert.Equal(expected, Encoding.UTF8.GetString(fromNode));
        Assert.Equal(expected, Encoding.UTF8.GetString(fromValue));
        Assert.Equal("null", Encoding.UTF8.GetString(JsonCanonicalizer.Canonicalize((JsonNode?)null)));
    }

    [Fact]
    public void Canonicalize_IsIdempotent_AndIgnoresInputFormatting()
    {
        const string a = """{"b":1.50,"a":[1E0,"\u0041"]}""";
        const string b = """
            {
                "a" : [ 1 , "A" ] ,
                "b" : 15e-1
            }
            """;

        var once = Canonicalize(a);

        Assert.Equal(once, Canonicalize(b));
        Assert.Equal(once, JsonCanonicalizer.Canonicalize(JsonDocument.Parse(once).RootElement));
    }

    [Theory]
    [InlineData("1e400", "outside the range")]
    [InlineData("-1e309", "outside the range")]
    [InlineData("""{"a":1,"a":2}""", "more than once")]
    [InlineData("""{"x":{"k":"v","k":"w"}}""", "more than once")]
    [InlineData("\"\\ud800\"", "not valid Unicode")]
    [InlineData("[\"ok\", \"\\udc00x\"]", "not valid Unicode")]
    [InlineData("""{"\ud800":1}""", "not valid Unicode")]
    public void Canonicalize_ValuesJcsCannotRepresent_AreRefused(string json, string reason)
    {
        var error = Assert.Throws<ArgumentException>(() => Canonicalize(json));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Canonicalize_UnpairedSurrogateInANode_IsWrittenAsTheReplacementCharacter_AsSystemTextJsonDoes()
    {
        var canonical = JsonCanonicalizer.Canonicalize(new JsonObject { ["a"] = "x\ud800" });

        Assert.Equal("{\"a\":\"x\ufffd\"}", Encoding.UTF8.GetString(canonical));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void FormatNumber_NonFinite_IsRefused(double value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => JsonCanonicalizer.FormatNumber(value));
    }

    private static byte[] Canonicalize(string json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonCanonicalizer.Canonicalize(document.RootElement);
    }
}
