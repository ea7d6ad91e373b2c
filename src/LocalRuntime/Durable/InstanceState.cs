namespace McpOrchestrator.LocalRuntime.Durable;

/// <summary>Everything stored for one instance: its record, its history in order, and its pending messages.</summary>
internal sealed record InstanceState(InstanceRecord Instance, IReadOnlyList<HistoryEvent> History, IReadOnlyList<InstanceMessage> Messages);
