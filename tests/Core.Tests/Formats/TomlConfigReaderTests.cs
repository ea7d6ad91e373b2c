using McpOrchestrator.Core.Formats.Documents;
using McpOrchestrator.Core.Formats.Toml;

namespace McpOrchestrator.Core.Tests.Formats;

/// <summary>The TOML reader (Tomlyn's syntax tree mapped to a document) against TOML 1.0's own examples and rules;
/// errors carry Tomlyn's wording at the line and column its diagnostics point to.</summary>
public sealed class TomlConfigReaderTests
{
    [Theory]
    [InlineData("key = \"value\"", "{key: \"value\"}")]
    [InlineData("bare_key = 1\nbare-key = 2\n1234 = 3", "{bare_key: 1i, bare-key: 2i, 1234: 3i}")]
    [InlineData("\"127.0.0.1\" = 1\n\"character encoding\" = 2\n\"ʎǝʞ\" = 3\n'key2' = 4\n'quoted \"value\"' = 5", "{127.0.0.1: 1i, character encoding: 2i, ʎǝʞ: 3i, key2: 4i, quoted \"value\": 5i}")]
    [InlineData("\"\" = \"blank\"", "{: \"blank\"}")]
    [InlineData("name = \"Orange\"\nphysical.color = \"orange\"\nphysical.shape = \"round\"\nsite.\"google.com\" = true", "{name: \"Orange\", physical: {color: \"orange\", shape: \"round\"}, site: {google.com: true}}")]
    [InlineData("fruit . color = \"yellow\"\n  fruit .   flavor = \"banana\"", "{fruit: {color: \"yellow\", flavor: \"banana\"}}")]
    [InlineData("3.14159 = \"pi\"", "{3: {14159: \"pi\"}}")]
    [InlineData("# comment\nkey = \"value\"  # trailing comment\n\n\n   # indented", "{key: \"value\"}")]
    [InlineData("a = 1\r\nb = 2\r\n", "{a: 1i, b: 2i}")]
    public void Read_Keys(string toml, string expected) => Assert.Equal(expected, Read(toml));

    [Theory]
    [InlineData(@"s = ""I'm a string. \""You can quote me\"". Name\tJos\u00E9\nLocation\tSF.""", "I'm a string. \"You can quote me\". Name\tJosé\nLocation\tSF.")]
    [InlineData(@"s = ""\b\t\n\f\r\""\\\u0041\U0001F680""", "\b\t\n\f\r\"\\A🚀")]
    [InlineData(@"s = ""\e\x41""", "\u001bA")]
    [InlineData("s = \"\"\"\nRoses are red\nViolets are blue\"\"\"", "Roses are red\nViolets are blue")]
    [InlineData("s = \"\"\"\r\nOne\r\nTwo\"\"\"", "One\nTwo")]
    [InlineData("s = \"\"\"\nThe quick brown \\\n\n\n  fox jumps over \\\n    the lazy dog.\"\"\"", "The quick brown fox jumps over the lazy dog.")]
    [InlineData("s = \"\"\"\\\n       The quick brown \\\n       fox.\\\n       \"\"\"", "The quick brown fox.")]
    [InlineData("s = \"\"\"Here are two quotation marks: \"\". Simple enough.\"\"\"", "Here are two quotation marks: \"\". Simple enough.")]
    [InlineData("s = \"\"\"Here are fifteen quotation marks: \"\"\\\"\"\"\\\"\"\"\\\"\"\"\\\"\"\"\\\".\"\"\"", "Here are fifteen quotation marks: \"\"\"\"\"\"\"\"\"\"\"\"\"\"\".")]
    [InlineData("s = \"\"\"\"This,\" she said, \"is just a pointless statement.\"\"\"\"", "\"This,\" she said, \"is just a pointless statement.\"")]
    [InlineData(@"s = 'C:\Users\nodejs\templates'", @"C:\Users\nodejs\templates")]
    [InlineData(@"s = '<\i\c*\s*>'", @"<\i\c*\s*>")]
    [InlineData("s = '''\nThe first newline is\ntrimmed in raw strings.\n   All other whitespace\n   is preserved.\n'''", "The first newline is\ntrimmed in raw strings.\n   All other whitespace\n   is preserved.\n")]
    [InlineData("s = '''Here are fifteen quotation marks: \"\"\"\"\"\"\"\"\"\"\"\"\"\"\"'''", "Here are fifteen quotation marks: \"\"\"\"\"\"\"\"\"\"\"\"\"\"\"")]
    [InlineData("s = ''''That,' she said, 'is still pointless.''''", "'That,' she said, 'is still pointless.'")]
    [InlineData("s = \"tab\there\"", "tab\there")]
    [InlineData("s = \"ünïcödé 漢字 🚀\"", "ünïcödé 漢字 🚀")]
    public void Read_Strings(string toml, string expected)
    {
        var scalar = Assert.IsType<ConfigScalar>(Assert.IsType<ConfigMap>(TomlConfigReader.Read(toml)).Get("s"));

        Assert.Equal(ScalarKind.String, scalar.Kind);
        Assert.Equal(expected, scalar.Text);
    }

    [Theory]
    [InlineData("+99", "Integer")]
    [InlineData("42", "Integer")]
    [InlineData("0", "Integer")]
    [InlineData("-17", "Integer")]
    [InlineData("1_000", "Integer")]
    [InlineData("5_349_221", "Integer")]
    [InlineData("0xDEADBEEF", "Integer")]
    [InlineData("0xdead_beef", "Integer")]
    [InlineData("0o755", "Integer")]
    [InlineData("0b11010110", "Integer")]
    [InlineData("+1.0", "Float")]
    [InlineData("3.1415", "Float")]
    [InlineData("-0.01", "Float")]
    [InlineData("5e+22", "Float")]
    [InlineData("1e06", "Float")]
    [InlineData("-2E-2", "Float")]
    [InlineData("6.626e-34", "Float")]
    [InlineData("224_617.445_991_228", "Float")]
    [InlineData("inf", "Float")]
    [InlineData("-inf", "Float")]
    [InlineData("nan", "Float")]
    [InlineData("+nan", "Float")]
    [InlineData("true", "Boolean")]
    [InlineData("false", "Boolean")]
    [InlineData("1979-05-27T07:32:00Z", "DateTime")]
    [InlineData("1979-05-27T00:32:00-07:00", "DateTime")]
    [InlineData("1979-05-27T00:32:00.999999-07:00", "DateTime")]
    [InlineData("1979-05-27 07:32:00Z", "DateTime")]
    [InlineData("1979-05-27T07:32:00", "DateTime")]
    [InlineData("1979-05-27", "DateTime")]
    [InlineData("07:32:00", "DateTime")]
    [InlineData("00:32:00.999999", "DateTime")]
    public void Read_BareValues(string value, string kind)
    {
        var scalar = Assert.IsType<ConfigScalar>(Assert.IsType<ConfigMap>(TomlConfigReader.Read($"v = {value}  # c")).Get("v"));

        Assert.Equal(kind, scalar.Kind.ToString());
        Assert.Equal(value, scalar.Text);
    }

    [Theory]
    [InlineData("integers = [ 1, 2, 3 ]", "{integers: [1i, 2i, 3i]}")]
    [InlineData("colors = [ \"red\", \"yellow\", \"green\" ]", "{colors: [\"red\", \"yellow\", \"green\"]}")]
    [InlineData("nested = [ [ 1, 2 ], [3, 4, 5] ]", "{nested: [[1i, 2i], [3i, 4i, 5i]]}")]
    [InlineData("nested_mixed = [ [ 1, 2 ], [\"a\", \"b\", \"c\"] ]", "{nested_mixed: [[1i, 2i], [\"a\", \"b\", \"c\"]]}")]
    [InlineData("s = [ \"all\", 'strings', \"\"\"are the same\"\"\", '''type''' ]", "{s: [\"all\", \"strings\", \"are the same\", \"type\"]}")]
    [InlineData("n = [ 0.1, 0.2, 0.5, 1, 2, 5 ]", "{n: [0.1f, 0.2f, 0.5f, 1i, 2i, 5i]}")]
    [InlineData("c = [ \"x\", { a = 1 } ]", "{c: [\"x\", {a: 1i}]}")]
    [InlineData("a = [\n  1,\n  2, # comment\n]", "{a: [1i, 2i]}")]
    [InlineData("a = [ # c\n # only comments\n ]", "{a: []}")]
    [InlineData("name = { first = \"Tom\", last = \"Preston-Werner\" }", "{name: {first: \"Tom\", last: \"Preston-Werner\"}}")]
    [InlineData("point = { x = 1, y = 2 }", "{point: {x: 1i, y: 2i}}")]
    [InlineData("animal = { type.name = \"pug\" }", "{animal: {type: {name: \"pug\"}}}")]
    [InlineData("e = {}", "{e: {}}")]
    [InlineData("t = { a = 1,\n  b = 2, }", "{t: {a: 1i, b: 2i}}")]
    public void Read_ArraysAndInlineTables(string toml, string expected) => Assert.Equal(expected, Read(toml));

    [Fact]
    public void Read_Tables()
    {
        const string toml = """
            [table-1]
            key1 = "some string"
            key2 = 123

            [dog."tater.man"]
            type.name = "pug"

            [a.b.c]
            x = 1
            [ d.e.f ]
            [ g .  h  . i ]
            [ j . "ʞ" . 'l' ]

            [x.y.z.w]
            [x]
            top = true

            [fruit]
            apple.color = "red"
            apple.taste.sweet = true

            [fruit.apple.texture]
            smooth = true
            """;

        Assert.Equal(
            "{table-1: {key1: \"some string\", key2: 123i}, dog: {tater.man: {type: {name: \"pug\"}}}, a: {b: {c: {x: 1i}}}, d: {e: {f: {}}}, "
            + "g: {h: {i: {}}}, j: {ʞ: {l: {}}}, x: {y: {z: {w: {}}}, top: true}, fruit: {apple: {color: \"red\", taste: {sweet: true}, texture: {smooth: true}}}}",
            Read(toml));
    }

    [Fact]
    public void Read_ArraysOfTables()
    {
        const string toml = """
            [[products]]
            name = "Hammer"
            sku = 738594937

            [[products]]  # empty table within the array

            [[products]]
            name = "Nail"
            color = "gray"

            [[fruits]]
            name = "apple"

            [fruits.physical]
            color = "red"

            [[fruits.varieties]]
            name = "red delicious"

            [[fruits.varieties]]
            name = "granny smith"

            [[fruits]]
            name = "banana"
            """;

        Assert.Equal(
            "{products: [{name: \"Hammer\", sku: 738594937i}, {}, {name: \"Nail\", color: \"gray\"}], "
            + "fruits: [{name: \"apple\", physical: {color: \"red\"}, varieties: [{name: \"red delicious\"}, {name: \"granny smith\"}]}, {name: \"banana\"}]}",
            Read(toml));
    }

    [Theory]
    [InlineData("name = \"Tom\"\nname = \"Pradyun\"", 2, 1, "already defined")]
    [InlineData("spelling = \"favorite\"\n\"spelling\" = \"favourite\"", 2, 1, "already defined")]
    [InlineData("fruit.apple = 1\nfruit.apple.smooth = true", 2, 1, "already defined")]
    [InlineData("[fruit]\napple = \"red\"\n[fruit]\norange = \"orange\"", 3, 1, "already defined")]
    [InlineData("[fruit]\napple = \"red\"\n[fruit.apple]\ntexture = \"smooth\"", 3, 1, "already defined")]
    [InlineData("[fruit]\napple.color = \"red\"\n[fruit.apple]", 3, 1, "already defined")]
    [InlineData("type = { name = \"Nail\" }\ntype.edible = false", 2, 1, "already defined")]
    [InlineData("a = [1]\n[[a]]", 2, 1, "already defined")]
    [InlineData("[[fruits]]\nname = \"apple\"\n[fruits]", 3, 1, "already defined")]
    [InlineData("key = # INVALID", 1, 16, "for a value")]
    [InlineData("= \"no key name\"", 1, 1, "Unexpected token [=]")]
    [InlineData("first = \"Tom\" last = \"Preston-Werner\"", 1, 15, "expecting token `newline`")]
    [InlineData("key", 1, 4, "Expecting `=` after a key")]
    [InlineData("s = bare words", 1, 5, "Unexpected token `bare` for a value")]
    [InlineData("s = \"unterminated", 1, 17, "End-Of-File found on string")]
    [InlineData("s = \"line\nbreak\"", 1, 10, "newline in a string")]
    [InlineData("s = 'unterminated", 1, 17, "End-Of-File found on string")]
    [InlineData("s = \"\"\"never closed", 1, 19, "multi-line string")]
    [InlineData("s = '''never closed", 1, 19, "multi-line literal string")]
    [InlineData(@"s = ""C:\path""", 1, 9, "escape character [p]")]
    [InlineData(@"s = ""\uD800""", 1, 7, "Invalid Unicode scalar value")]
    [InlineData(@"s = ""\U00110000""", 1, 7, "Invalid Unicode scalar value")]
    [InlineData(@"s = ""\u12""", 1, 10, "escape character")]
    [InlineData("s = \"a\u0001b\"", 1, 5, "control character")]
    [InlineData("s = 'a\u0000b'", 1, 5, "control character")]
    [InlineData("# comment \u0007 bell", 1, 11, "control character U+0007 in comment")]
    [InlineData("a = 1\rb = 2", 1, 6, "not followed by")]
    [InlineData("a = 01", 1, 5, "leading zero")]
    [InlineData("a = 1__0", 1, 7, "underscore")]
    [InlineData("a = _1", 1, 5, "for a value")]
    [InlineData("a = .7", 1, 5, "for a value")]
    [InlineData("a = 7.", 1, 5, "for a value")]
    [InlineData("a = 3.e+20", 1, 5, "for a value")]
    [InlineData("a = TRUE", 1, 5, "for a value")]
    [InlineData("a = [1 2]", 1, 8, "to separate items in an array")]
    [InlineData("a = [1,", 1, 8, "for a value")]
    [InlineData("a = { b = 1 c = 2 }", 1, 13, "while parsing inline table")]
    [InlineData("a = { b = 1", 1, 12, "while parsing inline table")]
    [InlineData("[a", 1, 3, "while expecting `]`")]
    [InlineData("[[a]", 1, 4, "while expecting `]]`")]
    [InlineData("[]", 1, 2, "for a base key")]
    [InlineData("a.\"\"\"b\"\"\" = 1", 1, 5, "Expecting `=` after a key")]
    public void Read_Invalid_IsAnErrorWithPosition(string toml, int line, int column, string reason)
    {
        var ex = Assert.Throws<DocumentException>(() => TomlConfigReader.Read(toml));

        Assert.Equal(new TextPosition(line, column), ex.Position);
        Assert.Contains(reason, ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NestingDeeperThan64_IsRefused()
    {
        var ex = Assert.Throws<DocumentException>(() => TomlConfigReader.Read("a = " + new string('[', 65) + new string(']', 65)));

        Assert.Contains("deeper than 64", ex.Reason, StringComparison.Ordinal);
        Assert.StartsWith("{a: [[[[", Read("a = " + new string('[', 64) + new string(']', 64)), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_PositionsOfValues_AreKnown()
    {
        var root = TomlConfigReader.Read("[mcp_servers.a]\ncommand = \"x\"\nargs = [\"y\"]\n");
        var entry = (ConfigMap)((ConfigMap)root.Get("mcp_servers")!).Get("a")!;

        Assert.Equal(new TextPosition(2, 11), entry.Get("command")!.Position);
        Assert.Equal(new TextPosition(3, 8), entry.Get("args")!.Position);
    }

    [Fact]
    public void Read_ErrorAfterCharactersOutsideTheBmp_CountsColumnsInUtf16LikeTheOtherReaders()
    {
        // Tomlyn's own columns count code points; the position is taken from its offset instead.
        var ex = Assert.Throws<DocumentException>(() => TomlConfigReader.Read("a = 1\nb = \"🚀🚀\"  x"));

        Assert.Equal(new TextPosition(2, 13), ex.Position);
    }

    [Fact]
    public void Read_MultilineStringWithCrLf_ReadsLineBreaksAsLf()
    {
        var scalar = Assert.IsType<ConfigScalar>(TomlConfigReader.Read("s = '''\r\na\r\nb'''").Get("s"));

        Assert.Equal("a\nb", scalar.Text);
    }

    private static string Read(string toml) => DocumentDump.Of(TomlConfigReader.Read(toml));
}
