namespace McpOrchestrator.DurableTestApp;

public sealed record CrashOutput(int Accumulated, IReadOnlyList<StepResult> Steps);
