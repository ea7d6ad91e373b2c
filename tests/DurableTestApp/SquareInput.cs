namespace McpOrchestrator.DurableTestApp;

public sealed record SquareInput(string InstanceId, int Value);
