using McpOrchestrator.Cli.Merging;

namespace McpOrchestrator.Cli.Tests.Merging;

public sealed class YamlSectionMergerTests
{
    [Fact]
    public void Merge_GooseConfig_ReplacesExtensionsAndKeepsOtherKeysAndComments()
    {
        var existing = """
            # Goose
            GOOSE_PROVIDER: openai
            extensions:
              developer:
                type: builtin
                enabled: true
            # model settings
            GOOSE_MODEL: gpt-4o

            """;
        var rendered = "extensions:\n  memory:\n    name: memory\n    type: stdio\n    cmd: npx\n";

        var merged = YamlSectionMerger.Merge(existing, ["extensions"], rendered);

        Assert.Equal("# Goose\nGOOSE_PROVIDER: openai\nextensions:\n  memory:\n    name: memory\n    type: stdio\n    cmd: npx\n# model settings\nGOOSE_MODEL: gpt-4o\n", merged);
    }

    [Fact]
    public void Merge_ContinueListAtColumnZero_ReplacesTheWholeList()
    {
        var existing = "name: Mine\nmcpServers:\n- name: old\n  command: old\nmodels: []\n";
        var rendered = "name: MCP Orchestrator\nversion: 0.0.1\nschema: v1\nmcpServers:\n  - name: memory\n    command: npx\n";

        var merged = YamlSectionMerger.Merge(existing, ["mcpServers"], rendered);

        Assert.Equal("name: Mine\nmcpServers:\n  - name: memory\n    command: npx\nmodels: []\n", merged);
    }
}
