namespace McpOrchestrator.LocalHost.Durable;

/// <summary>A worker function that runs an orchestrator or an activity, and the name of its trigger binding.</summary>
internal sealed record DurableFunction(string FunctionName, string TriggerBindingName);
