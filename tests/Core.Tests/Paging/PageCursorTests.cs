using System.Text;
using McpOrchestrator.Core.Paging;
using McpOrchestrator.Core.Problems;

namespace McpOrchestrator.Core.Tests.Paging;

public sealed class PageCursorTests
{
    [Theory]
    [InlineData("filesystem")]
    [InlineData("a.b-c_d")]
    [InlineData("")]
    public void WriteThenRead_GivesTheKeyBack(string key)
    {
        var cursor = PageCursor.Write("servers", key);

        Assert.Equal(key, PageCursor.Read(cursor, "servers", _ => true));
        Assert.DoesNotContain('=', cursor);
        Assert.True(cursor.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'), cursor);
    }

    [Fact]
    public void Read_NoCursor_IsTheFirstPage()
    {
        Assert.Null(PageCursor.Read(null, "servers", _ => false));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64!")]
    [InlineData("a")]
    [InlineData("AAAA")]
    [InlineData("MTpzZXJ2ZXJzOmZpbGVzeXN0ZW0=")]
    public void Read_Malformed_InvalidCursor(string cursor)
    {
        AssertInvalid(cursor, "servers");
    }

    [Fact]
    public void Read_AnotherListsCursor_InvalidCursor()
    {
        AssertInvalid(PageCursor.Write("tokens", "0123456789abcdef"), "servers");
    }

    [Fact]
    public void Read_AnotherFormatVersion_InvalidCursor()
    {
        AssertInvalid(Encode("2:servers:filesystem"), "servers");
    }

    [Fact]
    public void Read_AKeyTheListRefuses_InvalidCursor()
    {
        AssertInvalid(PageCursor.Write("servers", "../etc"), "servers", key => key == "filesystem");
    }

    [Fact]
    public void Read_NotUtf8_InvalidCursor()
    {
        AssertInvalid(System.Buffers.Text.Base64Url.EncodeToString([(byte)'1', (byte)':', 0xC3, 0x28]), "servers");
    }

    [Fact]
    public void Read_LongerThanTheLimit_InvalidCursor()
    {
        AssertInvalid(PageCursor.Write("servers", new string('a', PageCursor.MaxLength)), "servers");
    }

    private static string Encode(string text) => System.Buffers.Text.Base64Url.EncodeToString(Encoding.UTF8.GetBytes(text));

    private static void AssertInvalid(string cursor, string list, Func<string, bool>? isValidKey = null)
    {
        var problem = Assert.Throws<ProblemException>(() => PageCursor.Read(cursor, list, isValidKey ?? (_ => true))).Problem;

        Assert.Equal((400, "invalid_cursor"), (problem.Status, problem.Code));
        Assert.Contains(list, problem.Detail, StringComparison.Ordinal);
    }
}
