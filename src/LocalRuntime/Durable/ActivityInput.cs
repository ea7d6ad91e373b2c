namespace McpOrchestrator.LocalRuntime.Durable;

/// <summary>The trigger value of an activity invocation: its serialized input, bound to the <c>[ActivityTrigger]</c> parameter.</summary>
internal sealed record ActivityInput(string? SerializedInput);
