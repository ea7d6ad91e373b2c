namespace McpOrchestrator.Core.Live;

/// <summary>The answer of a batch: one outcome per call, in the order of the calls, and how many ran at once.</summary>
public sealed record BatchResult
{
    public required IReadOnlyList<BatchCallResult> Results { get; init; }

    public required int MaxParallel { get; init; }
}
