namespace McpOrchestrator.DurableTestApp;

/// <summary>Input of <see cref="Activities.Flaky"/>: fail this many runs for this instance, then succeed.</summary>
public sealed record FlakyInput(string InstanceId, int Failures);
