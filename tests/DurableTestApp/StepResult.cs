namespace McpOrchestrator.DurableTestApp;

public sealed record StepResult(int Step, int Accumulated, Guid ExecutionId);
