using McpOrchestrator.Core.Formats.Documents;
using McpOrchestrator.Core.Formats.Yaml;

namespace McpOrchestrator.Core.Tests.Formats;

public sealed class YamlConfigReaderTests
{
    [Theory]
    [InlineData("a: x", "{a: \"x\"}")]
    [InlineData("a: 1\nb: -2\nc: 0x1F\nd: 0o17", "{a: 1i, b: -2i, c: 0x1Fi, d: 0o17i}")]
    [InlineData("a: 1.5\nb: .inf\nc: .nan\nd: 1e3", "{a: 1.5f, b: .inff, c: .nanf, d: 1e3f}")]
    [InlineData("a: true\nb: False\nc: yes\nd: on", "{a: true, b: False, c: \"yes\", d: \"on\"}")]
    [InlineData("a: ~\nb: null\nc:\nd: \"null\"", "{a: ~, b: null, c: , d: \"null\"}")]
    [InlineData("a: !!str 123\nb: ! 456\nc: '789'", "{a: \"123\", b: \"456\", c: \"789\"}")]
    [InlineData("a: [x, 'y', \"z\"]\nb: {k: v}", "{a: [\"x\", \"y\", \"z\"], b: {k: \"v\"}}")]
    [InlineData("a: |\n  line1\n  line2\nb: >-\n  folded\n  text", "{a: \"line1\\nline2\\n\", b: \"folded text\"}")]
    [InlineData("base: &b\n  cmd: x\ncopy: *b", "{base: {cmd: \"x\"}, copy: {cmd: \"x\"}}")]
    [InlineData("# only a comment\na: 1 # trailing", "{a: 1i}")]
    [InlineData("---\na: 1\n...\n", "{a: 1i}")]
    [InlineData("- a\n- b", "[\"a\", \"b\"]")]
    public void Read_ResolvesLikeYaml12Core(string yaml, string expected) =>
        Assert.Equal(expected, DocumentDump.Of(YamlConfigReader.Read(yaml)));

    [Fact]
    public void Read_DoubleQuotedEscapes_AreDecoded()
    {
        var root = Assert.IsType<ConfigMap>(YamlConfigReader.Read("a: \"esc \\t \\u00e9 \\U0001F680 \\\\ \\\" \\0 \\N\""));

        Assert.Equal("esc \t é 🚀 \\ \" \0 \u0085", Assert.IsType<ConfigScalar>(root.Get("a")).Text);
    }

    [Fact]
    public void Read_Empty_IsNoDocument() => Assert.Null(YamlConfigReader.Read("# nothing\n"));

    [Fact]
    public void Read_PositionsAreOneBased()
    {
        var root = Assert.IsType<ConfigMap>(YamlConfigReader.Read("extensions:\n  a:\n    cmd: x\n"));
        var entry = Assert.IsType<ConfigMap>(((ConfigMap)root.Get("extensions")!).Get("a"));

        Assert.Equal(new TextPosition(3, 10), entry.Get("cmd")!.Position);
    }

    [Theory]
    [InlineData("a: [", "did not find expected")]
    [InlineData("a: b\n  c: d", "plain scalar")]
    [InlineData("a: *nowhere", "names no anchor")]
    [InlineData("a: 1\na: 2", "appears twice")]
    [InlineData("? [a]\n: b", "keys must be plain text")]
    [InlineData("a: 1\n---\nb: 2", "more than one YAML document")]
    public void Read_Invalid_IsADocumentError(string yaml, string reason)
    {
        var ex = Assert.Throws<DocumentException>(() => YamlConfigReader.Read(yaml));

        Assert.Contains(reason, ex.Reason, StringComparison.Ordinal);
        Assert.True(ex.Position.IsKnown);
    }

    [Fact]
    public void Read_NestingDeeperThan64_IsRefused()
    {
        var ex = Assert.Throws<DocumentException>(() => YamlConfigReader.Read("a: " + new string('[', 70) + new string(']', 70)));

        Assert.Contains("deeper than 64", ex.Reason, StringComparison.Ordinal);
    }
}
