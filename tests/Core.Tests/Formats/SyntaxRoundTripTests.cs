using System.Text;
using McpOrchestrator.Core.Formats.Documents;
using McpOrchestrator.Core.Formats.Json;
using McpOrchestrator.Core.Formats.Toml;
using McpOrchestrator.Core.Formats.Yaml;

namespace McpOrchestrator.Core.Tests.Formats;

/// <summary>Each writer's output read back by its reader gives the same tree, for random documents with hostile keys
/// and strings (quotes, backslashes, control characters, YAML and TOML look-alikes, unicode, empty).</summary>
public sealed class SyntaxRoundTripTests
{
    private static readonly string[] Hostile =
    [
        string.Empty, " ", "a", "a b", "a.b", "\"", "'", "\\", "\"\"\"", "'''", "#", "a #b", "a: b", "- x", "-", "--x", "?", ":", "=", "<<",
        "~", "null", "true", "yes", "No", "on", "1", "-1", "1.0", "1e3", ".inf", "0x10", "0o7", "12:30:00", "2024-01-02", "[x]", "{x}",
        "@x", "`x`", "%x", "&x", "*x", "!x", "|x", ">x", "a,b", " lead", "trail ", "line\nbreak", "cr\rx", "tab\tx", "\0", "\u0001", "\u007f",
        "\u0085", "\u00a0", "\u2028", "\u2029", "\uFEFF", "\uFFFE", "ü", "漢字", "🚀", "a\u0300", "${env:X}", "{{ secrets.X }}", "---", "...",
    ];

    [Fact]
    public void Toml_WriteThenRead_IsTheSameDocument()
    {
        for (var seed = 0; seed < 500; seed++)
        {
            var document = RandomMap(new Random(seed), 0, allowNull: false, tomlShapes: true);
            var text = TomlConfigWriter.Write(document);

            var back = TomlConfigReader.Read(text);

            Assert.True(DocumentDump.Of(document, sortKeys: true) == DocumentDump.Of(back, sortKeys: true), $"seed {seed}:\n{text}");
        }
    }

    [Fact]
    public void Yaml_WriteThenRead_IsTheSameDocument()
    {
        for (var seed = 0; seed < 500; seed++)
        {
            var document = RandomMap(new Random(seed), 0, allowNull: true, tomlShapes: false);
            var text = YamlConfigWriter.Write(document);

            var back = YamlConfigReader.Read(text);

            Assert.True(DocumentDump.Of(document) == DocumentDump.Of(back), $"seed {seed}:\n{text}");
        }
    }

    [Fact]
    public void Json_WriteThenRead_IsTheSameDocument()
    {
        for (var seed = 0; seed < 500; seed++)
        {
            var document = RandomMap(new Random(seed), 0, allowNull: true, tomlShapes: false);
            var text = JsonConfigWriter.Write(document);

            var back = JsonConfigReader.Read(text);

            Assert.True(DocumentDump.Of(document) == DocumentDump.Of(back), $"seed {seed}:\n{text}");
        }
    }

    [Fact]
    public void Yaml_EveryHostileString_IsWrittenSoThatItReadsBackAsThatString()
    {
        foreach (var text in Hostile)
        {
            var document = new ConfigMap();
            document.Set(text, ConfigScalar.String(text));

            var back = Assert.IsType<ConfigMap>(YamlConfigReader.Read(YamlConfigWriter.Write(document)));

            var (key, value) = Assert.Single(back.Entries);
            Assert.Equal(text, key);
            var scalar = Assert.IsType<ConfigScalar>(value);
            Assert.Equal(ScalarKind.String, scalar.Kind);
            Assert.Equal(text, scalar.Text);
        }
    }

    [Fact]
    public void Toml_KeysThatAreNotBare_AreQuoted()
    {
        Assert.Equal("abc_D-9", TomlConfigWriter.Key("abc_D-9"));
        Assert.Equal("\"a.b\"", TomlConfigWriter.Key("a.b"));
        Assert.Equal("\"\"", TomlConfigWriter.Key(string.Empty));
        Assert.Equal("\"a b\"", TomlConfigWriter.Key("a b"));
        Assert.Equal("\"ü\"", TomlConfigWriter.Key("ü"));
        Assert.Equal("\"q\\\"\"", TomlConfigWriter.Key("q\""));
    }

    private static ConfigMap RandomMap(Random random, int depth, bool allowNull, bool tomlShapes)
    {
        var map = new ConfigMap { Inline = tomlShapes && random.Next(3) == 0 };
        for (var i = random.Next(depth == 0 ? 1 : 0, 5); i > 0; i--)
        {
            map.Set(RandomText(random), RandomNode(random, depth + 1, allowNull, tomlShapes));
        }

        return map;
    }

    private static ConfigNode RandomNode(Random random, int depth, bool allowNull, bool tomlShapes)
    {
        var choice = random.Next(depth > 4 ? 5 : 8);
        switch (choice)
        {
            case 0 or 1 or 2:
                return ConfigScalar.String(RandomText(random));
            case 3:
                return ConfigScalar.Boolean(random.Next(2) == 0);
            case 4:
                return allowNull && random.Next(3) == 0 ? new ConfigScalar(ScalarKind.Null, "null") : ConfigScalar.Integer(random.Next(-1000, 1000));
            case 5:
                var list = new ConfigList();
                var ofTables = tomlShapes && random.Next(3) == 0;
                for (var i = random.Next(0, 4); i > 0; i--)
                {
                    list.Items.Add(ofTables ? RandomMap(random, depth + 1, allowNull, tomlShapes) : RandomNode(random, depth + 1, allowNull, tomlShapes));
                }

                return list;
            default:
                return RandomMap(random, depth, allowNull, tomlShapes);
        }
    }

    private static string RandomText(Random random)
    {
        if (random.Next(2) == 0)
        {
            return Hostile[random.Next(Hostile.Length)];
        }

        var builder = new StringBuilder();
        for (var i = random.Next(0, 8); i > 0; i--)
        {
            var code = random.Next(3) switch
            {
                0 => random.Next(0x20, 0x7f),
                1 => random.Next(0, 0x20),
                _ => random.Next(0x80, 0xd7ff),
            };
            builder.Append((char)code);
        }

        return builder.ToString();
    }
}
