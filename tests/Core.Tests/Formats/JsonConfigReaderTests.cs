using McpOrchestrator.Core.Formats.Documents;
using McpOrchestrator.Core.Formats.Json;

namespace McpOrchestrator.Core.Tests.Formats;

public sealed class JsonConfigReaderTests
{
    [Theory]
    [InlineData("{\"a\": 1, \"b\": 1.5, \"c\": true, \"d\": null, \"e\": \"x\", \"f\": [], \"g\": {}}", "{a: 1i, b: 1.5f, c: true, d: null, e: \"x\", f: [], g: {}}")]
    [InlineData("// line comment\n{ /* block */ \"a\": [1, 2,], }", "{a: [1i, 2i]}")]
    [InlineData("{\"a\": 1, \"a\": 2}", "{a: 2i}")]
    [InlineData("{\"\\u00e9\\ud83d\\ude80\": \"\\n\"}", "{é🚀: \"\\n\"}")]
    [InlineData("{} // trailing comment", "{}")]
    public void Read_IsLenientLikeTheClients(string json, string expected) =>
        Assert.Equal(expected, DocumentDump.Of(JsonConfigReader.Read(json)));

    [Fact]
    public void Read_PositionsCountCharactersNotBytes()
    {
        var root = Assert.IsType<ConfigMap>(JsonConfigReader.Read("{\n  \"é漢\": { \"b\": \"x\" }\n}"));

        Assert.Equal(new TextPosition(1, 1), root.Position);
        Assert.Equal(new TextPosition(2, 9), root.Get("é漢")!.Position);
        Assert.Equal(new TextPosition(2, 16), ((ConfigMap)root.Get("é漢")!).Get("b")!.Position);
    }

    [Theory]
    [InlineData("{\"a\": }", 1, 7)]
    [InlineData("{\n  \"a\": 1\n  \"b\": 2\n}", 3, 3)]
    [InlineData("{\"é\": x}", 1, 7)]
    [InlineData("{} {}", 1, 4)]
    [InlineData("{\"a\": \"\\x\"}", 1, 9)]
    public void Read_Malformed_SaysWhere(string json, int line, int column)
    {
        var ex = Assert.Throws<DocumentException>(() => JsonConfigReader.Read(json));

        Assert.Equal(new TextPosition(line, column), ex.Position);
        Assert.DoesNotContain("LineNumber", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NestingDeeperThan64_IsRefused()
    {
        Assert.Throws<DocumentException>(() => JsonConfigReader.Read(new string('[', 65) + new string(']', 65)));
        Assert.IsType<ConfigList>(JsonConfigReader.Read(new string('[', 64) + new string(']', 64)));
    }
}
