namespace McpOrchestrator.Core.Problems;

/// <summary>An RFC 9457 problem: what went wrong, with a stable machine-readable <see cref="Code"/> and a
/// <see cref="Detail"/> that says how to fix it. Never carries exception internals.</summary>
public sealed record Problem
{
    public required int Status { get; init; }

    /// <summary>Stable snake_case code clients switch on, e.g. <c>storage_unavailable</c>.</summary>
    public required string Code { get; init; }

    public required string Title { get; init; }

    public required string Detail { get; init; }

    public string Type => $"https://mcp-orchestrator.dev/problems/{Code.Replace('_', '-')}";

    /// <summary>Response headers that belong to the problem (<c>Retry-After</c>, <c>WWW-Authenticate</c>, …).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Extra members of the problem document.</summary>
    public IReadOnlyDictionary<string, object?> Extensions { get; init; } = new Dictionary<string, object?>();
}
