using McpOrchestrator.Core.Storage;

namespace McpOrchestrator.Core.Tests.Storage;

public sealed class TableKeyTests
{
    [Theory]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\u0000b")]
    [InlineData("tab\there")]
    [InlineData("a\u001Fb")]
    [InlineData("a\u007Fb")]
    [InlineData("a\u0085b")]
    [InlineData("a\u009Fb")]
    public void Validate_ForbiddenCharacter_ThrowsArgumentException(string key)
    {
        var error = Assert.Throws<ArgumentException>(() => TableKey.Validate(key));

        Assert.Contains("not allowed", error.Message, StringComparison.Ordinal);
        Assert.False(TableKey.IsValid(key));
    }

    [Fact]
    public void Validate_UnpairedSurrogate_ThrowsArgumentException()
    {
        // Built in code: xunit would replace a lone surrogate in attribute data with U+FFFD.
        var key = "lone " + '\uD800' + " surrogate";

        Assert.Throws<ArgumentException>(() => TableKey.Validate(key));
        Assert.True(TableKey.IsValid("pair \uD83D\uDE00 ok"));
    }

    [Fact]
    public void Validate_OverMaxLength_ThrowsArgumentException()
    {
        Assert.True(TableKey.IsValid(new string('k', TableKey.MaxLength)));
        var error = Assert.Throws<ArgumentException>(() => TableKey.Validate(new string('k', TableKey.MaxLength + 1)));
        Assert.Contains("513", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("O'Brien", "O%27%27Brien")]
    [InlineData("''", "%27%27%27%27")]
    [InlineData("a b+c&d=e%f", "a%20b%2Bc%26d%3De%25f")]
    [InlineData("(x),", "%28x%29%2C")]
    [InlineData("ä😀", "%C3%A4%F0%9F%98%80")]
    public void ToUrlSegment_HostileKey_QuotesDoubledThenPercentEncoded(string key, string expected)
    {
        Assert.True(TableKey.IsValid(key));
        Assert.Equal(expected, TableKey.ToUrlSegment(key));
    }
}
