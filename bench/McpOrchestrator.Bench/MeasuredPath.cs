namespace McpOrchestrator.Bench;

/// <summary>One path a phase measures: its name in the report and one call of it (which throws if the answer is wrong).</summary>
public sealed record MeasuredPath(string Name, Func<CancellationToken, Task> Call);
