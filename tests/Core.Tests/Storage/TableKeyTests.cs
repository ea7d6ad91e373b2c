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
    [InlineData("plain")]
    [InlineData("O'Brien")]
    [InlineData("a b+c&d=e%f")]
    [InlineData("ä😀")]
    public void IsValid_HostileButAllowedKey_True(string key) => Assert.True(TableKey.IsValid(key));
}
