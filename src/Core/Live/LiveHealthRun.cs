using McpOrchestrator.Core.Mcp;

namespace McpOrchestrator.Core.Live;

/// <summary>What one run of the health timer's live check did: the reconcile (or why it failed), one check per live
/// server, and whether the results reached Table Storage.</summary>
public sealed record LiveHealthRun
{
    public ReconcileResult? Reconcile { get; init; }

    public string? ReconcileError { get; init; }

    public required IReadOnlyList<HealthCheckResult> Checks { get; init; }

    public string? RecordError { get; init; }
}
