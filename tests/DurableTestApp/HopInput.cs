namespace McpOrchestrator.DurableTestApp;

public sealed record HopInput(string InstanceId, int Step);
