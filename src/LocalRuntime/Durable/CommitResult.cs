namespace McpOrchestrator.LocalRuntime.Durable;

/// <summary>Whether a step was saved, and the activity work items it wrote (with their ETags; empty when it needed
/// more than one transaction).</summary>
internal sealed record CommitResult(bool Committed, IReadOnlyList<ActivityWorkItem> WorkItems);
