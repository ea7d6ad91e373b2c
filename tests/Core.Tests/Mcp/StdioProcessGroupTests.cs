using McpOrchestrator.Core.Mcp;

namespace McpOrchestrator.Core.Tests.Mcp;

public sealed class StdioProcessGroupTests
{
    [Theory]
    [InlineData("4242 (node) S 17 4242 2243 0 -1", 17, 4242)]
    [InlineData("4242 (my ) (odd) name) S 1 4240 2243 0 -1", 1, 4240)]
    public void ParseStat_CommandNameWithSpacesAndParentheses_ReadsParentAndGroup(string stat, int parent, int group) =>
        Assert.Equal((parent, group), StdioProcessGroup.ParseStat(stat));

    [Fact]
    public void ParseStat_NotAStatLine_IsNull() => Assert.Null(StdioProcessGroup.ParseStat("garbage"));

    [Fact]
    public void Wrap_MissingCommand_StartsItDirectlySoItFailsToSpawnAsBefore() =>
        Assert.Null(StdioProcessGroup.Wrap("no-such-mcp-server-binary", []));

    [Fact]
    public void Wrap_OnLinux_ExecsTheResolvedCommandWithItsArgumentsAsTheyAreAfterTheLaunchersOwn()
    {
        var wrapped = StdioProcessGroup.Wrap("sh", ["-c", "echo $(id)", "--help"]);

        Assert.NotNull(wrapped);
        Assert.EndsWith("perl", wrapped.Value.Command, StringComparison.Ordinal);
        var arguments = wrapped.Value.Arguments;
        var end = arguments.IndexOf("--");
        Assert.True(Path.IsPathRooted(arguments[end + 1]));
        Assert.EndsWith("/sh", arguments[end + 1], StringComparison.Ordinal);
        Assert.Equal(["-c", "echo $(id)", "--help"], arguments.Skip(end + 2));
    }
}
