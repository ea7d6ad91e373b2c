using McpOrchestrator.Cli.Merging;

namespace McpOrchestrator.Cli.Tests.Merging;

public sealed class TomlSectionMergerTests
{
    private const string Rendered = """
        [mcp_servers.memory]
        command = "npx"
        args = ["-y", "@modelcontextprotocol/server-memory"]

        [mcp_servers.memory.env]
        LEVEL = "debug"

        """;

    [Fact]
    public void Merge_CodexConfig_ReplacesServerTablesAndKeepsOtherTablesAndComments()
    {
        var existing = """
            # Codex settings
            model = "o4-mini" # inline comment

            [mcp_servers.old]
            command = "old"

            [mcp_servers.old.env]
            A = "1"

            # the sandbox, written by hand
            [sandbox]
            mode = "workspace-write"

            [mcp_servers."quoted.name"]
            command = "q"

            [profiles.fast]
            model = "gpt"

            """;

        var merged = TomlSectionMerger.Merge(existing, ["mcp_servers"], Rendered);

        Assert.Equal("""
            # Codex settings
            model = "o4-mini" # inline comment

            [mcp_servers.memory]
            command = "npx"
            args = ["-y", "@modelcontextprotocol/server-memory"]

            [mcp_servers.memory.env]
            LEVEL = "debug"

            # the sandbox, written by hand
            [sandbox]
            mode = "workspace-write"

            [profiles.fast]
            model = "gpt"

            """, merged);
    }

    [Fact]
    public void Merge_NoServerTables_AppendsThemAfterABlankLine()
    {
        var merged = TomlSectionMerger.Merge("model = \"x\"\n\n[tui]\nnotifications = true\n", ["mcp_servers"], Rendered);

        Assert.StartsWith("model = \"x\"\n\n[tui]\nnotifications = true\n\n[mcp_servers.memory]\n", merged, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_HeaderLikeLineInsideAMultilineString_IsNotATable()
    {
        var existing = "instructions = \"\"\"\n[mcp_servers.fake]\n\"\"\"\n\n[mcp_servers.real]\ncommand = \"r\"\n";

        var merged = TomlSectionMerger.Merge(existing, ["mcp_servers"], Rendered);

        Assert.StartsWith("instructions = \"\"\"\n[mcp_servers.fake]\n\"\"\"\n\n[mcp_servers.memory]\n", merged, StringComparison.Ordinal);
        Assert.DoesNotContain("real", merged, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_DottedServerKeysOutsideATable_AreRefusedWithTheLine()
    {
        var error = Assert.Throws<MergeException>(() => TomlSectionMerger.Merge("model = \"x\"\nmcp_servers.a.command = \"a\"\n", ["mcp_servers"], Rendered));

        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }
}
