namespace McpOrchestrator.DurableTestApp;

/// <summary>Input of <see cref="Activities.JournaledStep"/>.</summary>
public sealed record StepInput(string InstanceId, int Step);
