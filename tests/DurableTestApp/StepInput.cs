namespace McpOrchestrator.DurableTestApp;

public sealed record StepInput(string InstanceId, int Step, int Accumulated);
