namespace McpOrchestrator.Core.Health;

/// <summary>One instance's health-timer heartbeat: when it last ran, how many times, and whether it ran late.</summary>
public sealed record Heartbeat(string Instance, DateTimeOffset LastAt, long Beats, bool LastWasPastDue);
