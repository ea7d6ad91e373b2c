using McpOrchestrator.Core.Live;

namespace McpOrchestrator.Core.Tests.Live;

public sealed class LiveToolNamesTests
{
    [Fact]
    public void Qualify_NameThatFits_IsServerTwoUnderscoresTool()
    {
        Assert.Equal("github__create_issue", LiveToolNames.Qualify("github", "create_issue"));
        var exactly64 = new string('s', 30) + "__" + new string('t', 32);
        Assert.Equal(exactly64, LiveToolNames.Qualify(new string('s', 30), new string('t', 32)));
    }

    [Fact]
    public void Qualify_LongName_Keeps55CharactersAndAHashOfTheWhole()
    {
        var server = new string('s', 50);

        var first = LiveToolNames.Qualify(server, "read_file_from_the_repository");
        var second = LiveToolNames.Qualify(server, "read_file_from_the_repository_fast");

        Assert.Equal(64, first.Length);
        Assert.Equal(64, second.Length);
        Assert.Equal(first[..56], second[..56]);
        Assert.NotEqual(first, second);
        Assert.Matches("^s{50}__rea_[0-9a-f]{8}$", first);
        Assert.Equal(first, LiveToolNames.Qualify(server, "read_file_from_the_repository"));
    }

    [Fact]
    public void Assign_ShortNameLookingLikeAShortenedOne_GetsNoTwin()
    {
        var server = new string('s', 50);
        var shortened = LiveToolNames.Qualify(server, "a_tool_with_a_long_name");
        var lookalike = shortened[..(shortened.IndexOf("__", StringComparison.Ordinal))];
        var lookalikeTool = shortened[(lookalike.Length + 2)..];

        var names = LiveToolNames.Assign([(server, "a_tool_with_a_long_name"), (lookalike, lookalikeTool)]);

        Assert.Equal(shortened, names[1]);
        Assert.NotEqual(names[0], names[1]);
        Assert.Equal(64, names[0].Length);
        Assert.Matches("_[0-9a-f]{16}$", names[0]);
    }
}
