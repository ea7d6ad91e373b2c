namespace McpOrchestrator.DurableTestApp;

public sealed record AddOneInput(string InstanceId, int Value, Guid Marker, DateTime StartedAt);
