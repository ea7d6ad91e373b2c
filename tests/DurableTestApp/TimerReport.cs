namespace McpOrchestrator.DurableTestApp;

/// <summary>What <see cref="Orchestrators.DurableTimer"/> saw: when the timer was due, the orchestration clock after
/// it, and the wall clock of the step after it.</summary>
public sealed record TimerReport(DateTime FireAt, DateTime ClockAfter, DateTime WallAfter);
