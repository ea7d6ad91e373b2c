using McpOrchestrator.Cli.Merging;

namespace McpOrchestrator.Cli.Tests.Merging;

public sealed class JsonSectionMergerTests
{
    private const string Rendered = """
        {
          "servers": {
            "memory": {
              "type": "stdio",
              "command": "npx",
              "args": ["-y", "@modelcontextprotocol/server-memory"]
            }
          }
        }

        """;

    [Fact]
    public void Merge_VsCodeJsoncWithComments_ReplacesOnlyServersAndKeepsCommentsInputsAndOrder()
    {
        var existing = """
            // My VS Code MCP servers
            {
                /* prompts for secrets */
                "inputs": [
                    { "type": "promptString", "id": "token", "password": true }, // trailing comment
                ],
                "servers": {
                    // an old server
                    "old": { "type": "stdio", "command": "old-server" },
                },
                "other": true, // kept
            }

            """;

        var merged = JsonSectionMerger.Merge(existing, ["servers"], Rendered);

        Assert.Equal("""
            // My VS Code MCP servers
            {
                /* prompts for secrets */
                "inputs": [
                    { "type": "promptString", "id": "token", "password": true }, // trailing comment
                ],
                "servers": {
                    "memory": {
                        "type": "stdio",
                        "command": "npx",
                        "args": ["-y", "@modelcontextprotocol/server-memory"]
                    }
                },
                "other": true, // kept
            }

            """, merged);
    }

    [Fact]
    public void Merge_KeyMissing_AddsItAfterTheLastMemberKeepingItsComment()
    {
        var existing = "{\n  \"theme\": \"dark\" // my theme\n}\n";

        var merged = JsonSectionMerger.Merge(existing, ["servers"], Rendered);

        Assert.StartsWith("{\n  \"theme\": \"dark\", // my theme\n  \"servers\": {\n    \"memory\": {\n", merged, StringComparison.Ordinal);
        Assert.EndsWith("    }\n  }\n}\n", merged, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_KeyMissingAfterATrailingComma_AddsNoSecondComma()
    {
        var merged = JsonSectionMerger.Merge("{\n  \"a\": 1,\n}\n", ["servers"], Rendered);

        Assert.StartsWith("{\n  \"a\": 1,\n  \"servers\": {", merged, StringComparison.Ordinal);
        Assert.DoesNotContain(",,", merged, StringComparison.Ordinal);
        Assert.EndsWith("  }\n}\n", merged, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_EmptyObject_WritesTheMemberInside()
    {
        var merged = JsonSectionMerger.Merge("{}", ["servers"], Rendered);

        Assert.StartsWith("{\n  \"servers\": {\n    \"memory\": {", merged, StringComparison.Ordinal);
        Assert.EndsWith("  }\n}", merged, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_CrLfFile_KeepsCrLf()
    {
        var merged = JsonSectionMerger.Merge("{\r\n  \"servers\": {}\r\n}\r\n", ["servers"], Rendered);

        Assert.DoesNotContain("\n", merged.Replace("\r\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("\"memory\": {\r\n", merged, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_Malformed_NamesLineAndColumn()
    {
        var error = Assert.Throws<MergeException>(() => JsonSectionMerger.Merge("{\n  \"a\": 1\n  \"b\": 2\n}", ["servers"], Rendered));

        Assert.Contains("line 3, column 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_ACollectionThatIsNotAnObject_IsRefused()
    {
        var error = Assert.Throws<MergeException>(() => JsonSectionMerger.Merge("{ \"mcp\": 3 }", ["mcp", "servers"], """{ "mcp": { "servers": {} } }"""));

        Assert.Contains("'mcp'", error.Message, StringComparison.Ordinal);
    }
}
