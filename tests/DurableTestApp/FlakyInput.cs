namespace McpOrchestrator.DurableTestApp;

public sealed record FlakyInput(string InstanceId, int Failures);
