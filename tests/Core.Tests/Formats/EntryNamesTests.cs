using McpOrchestrator.Core.Formats;

namespace McpOrchestrator.Core.Tests.Formats;

public sealed class EntryNamesTests
{
    [Theory]
    [InlineData("github", "github")]
    [InlineData("my.server_1-x", "my.server_1-x")]
    [InlineData("ends-with-dash-", "ends-with-dash-")]
    [InlineData("GitHub", "github")]
    [InlineData("Brave Search", "brave-search")]
    [InlineData("@modelcontextprotocol/server-github", "modelcontextprotocol-server-github")]
    [InlineData("Server (beta)", "server-beta")]
    [InlineData("  spaced  out  ", "spaced-out")]
    [InlineData("_private", "private")]
    [InlineData("..dots", "dots")]
    [InlineData("My--Server", "my-server")]
    [InlineData("ünïcödé", "n-c-d")]
    [InlineData("日本語 server 2", "server-2")]
    public void Normalize_MakesAnId(string name, string expected)
    {
        Assert.Equal(expected, EntryNames.Normalize(name));
        Assert.True(EntryNames.IsValid(EntryNames.Normalize(name)));
    }

    [Fact]
    public void Normalize_LongNames_AreCutTo64WithoutATrailingDash()
    {
        var normalized = EntryNames.Normalize(new string('A', 63) + " b c");

        Assert.Equal(new string('a', 63), normalized);
        Assert.Equal(64, EntryNames.Normalize("X" + new string('y', 100))!.Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("日本語")]
    [InlineData("-_.")]
    [InlineData("🚀")]
    public void Normalize_NothingToMakeAnIdFrom_IsNull(string name) => Assert.Null(EntryNames.Normalize(name));

    [Theory]
    [InlineData("abc\n")]
    [InlineData("abc\r\n")]
    [InlineData("\nabc")]
    [InlineData("ABC")]
    [InlineData("")]
    public void IsValid_AnythingButAnExactId_IsFalse(string name)
    {
        Assert.False(EntryNames.IsValid(name));
        Assert.True(EntryNames.Normalize(name) is null || EntryNames.IsValid(EntryNames.Normalize(name)));
    }

    [Fact]
    public void Unique_AddsTheFirstFreeSuffixWithinTheLengthLimit()
    {
        var taken = new HashSet<string> { "a", "a-2", new string('x', 64) };

        Assert.Equal("b", EntryNames.Unique("b", taken));
        Assert.Equal("a-3", EntryNames.Unique("a", taken));
        Assert.Equal(new string('x', 62) + "-2", EntryNames.Unique(new string('x', 64), taken));
    }
}
