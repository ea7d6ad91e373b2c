namespace McpOrchestrator.DurableTestApp;

/// <summary>One execution of a test activity: which, for which instance, on which host, with what.</summary>
public sealed record ActivityRun(string Activity, string InstanceId, string Host, string Detail);
