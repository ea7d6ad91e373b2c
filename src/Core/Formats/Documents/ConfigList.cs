namespace McpOrchestrator.Core.Formats.Documents;

/// <summary>An ordered list of nodes.</summary>
internal sealed class ConfigList(TextPosition position = default) : ConfigNode(position)
{
    public List<ConfigNode> Items { get; } = [];

    public override string KindName => "a list";
}
