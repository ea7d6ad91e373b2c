namespace McpOrchestrator.DurableTestApp;

public sealed record SequenceResult(int Value, Guid Marker);
