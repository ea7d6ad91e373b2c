namespace McpOrchestrator.Core.Formats.Documents;

/// <summary>A syntax-neutral tree of a config document (JSON, TOML or YAML): maps keep their keys in order, every
/// node knows where it was read. The client dialect maps entries to and from this tree; readers and writers map it to
/// and from text.</summary>
internal abstract class ConfigNode(TextPosition position)
{
    public TextPosition Position { get; } = position;

    public abstract string KindName { get; }
}
