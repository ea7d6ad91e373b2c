using McpOrchestrator.Core.Live;

namespace McpOrchestrator.Functions.Live;

/// <summary>Body of <c>POST /v1/tools/batch</c>: the calls (at most <c>McpOrchestrator__Live__MaxBatchCalls</c>, 100
/// by default) and how many may run at once (default 10, capped to <c>McpOrchestrator__Live__MaxBatchParallel</c>,
/// 32 by default), and the batch's deadline in milliseconds (at most, and by default,
/// <c>McpOrchestrator__Live__BatchTimeout</c>, 2 minutes).</summary>
public sealed record BatchRequest
{
    public IReadOnlyList<ToolCall?>? Calls { get; init; }

    public int? MaxParallel { get; init; }

    public int? TimeoutMs { get; init; }
}
