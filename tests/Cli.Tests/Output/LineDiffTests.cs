using McpOrchestrator.Cli.Output;

namespace McpOrchestrator.Cli.Tests.Output;

public sealed class LineDiffTests
{
    [Fact]
    public void Lines_EqualTexts_AreEmpty()
    {
        Assert.Empty(LineDiff.Lines("a\nb\n", "a\nb\n"));
    }

    [Fact]
    public void Lines_OneChangedLine_ShowsItWithContextAndSkipsTheRest()
    {
        var before = string.Join('\n', Enumerable.Range(1, 10).Select(i => $"line {i}")) + "\n";
        var after = before.Replace("line 6", "line six", StringComparison.Ordinal);

        var diff = LineDiff.Lines(before, after);

        Assert.Equal(["@ 3 unchanged lines", " line 4", " line 5", "+line six", "-line 6", " line 7", " line 8", "@ 2 unchanged lines"], diff);
    }

    [Fact]
    public void Lines_NoFileBefore_IsAllAdded()
    {
        Assert.Equal(["+{", "+}"], LineDiff.Lines(null, "{\n}\n"));
    }
}
