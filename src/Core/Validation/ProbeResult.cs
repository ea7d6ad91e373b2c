namespace McpOrchestrator.Core.Validation;

/// <summary>A live check of one server: connect, initialize, list tools. <see cref="ToolNames"/> lets validation check
/// tool counts and name lengths against the client's limits.</summary>
public sealed record ProbeResult
{
    public required string Server { get; init; }

    public required bool Ok { get; init; }

    public int? LatencyMs { get; init; }

    public int? ToolCount { get; init; }

    public IReadOnlyList<string>? ToolNames { get; init; }

    public string? ProtocolVersion { get; init; }

    public string? Error { get; init; }
}
