namespace McpOrchestrator.Core.Configs;

/// <summary>Which of a server's tools are exposed: only <see cref="Include"/> when it is non-empty, minus
/// <see cref="Exclude"/>. Names are exact tool names.</summary>
public sealed record ToolFilter
{
    public IReadOnlyList<string> Include { get; init; } = [];

    public IReadOnlyList<string> Exclude { get; init; } = [];

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsEmpty => Include.Count == 0 && Exclude.Count == 0;
}
