namespace McpOrchestrator.LocalRuntime.Durable;

/// <summary>A message stored for an instance and not yet applied to its history: an activity's result or failure,
/// an external event, or a terminate request.</summary>
internal sealed record InstanceMessage(string RowKey, MessageKind Kind, DateTimeOffset ArrivedAt)
{
    public int? TaskId { get; init; }

    /// <summary>The event name (external events) or activity name (results).</summary>
    public string? Name { get; init; }

    /// <summary>Serialized result, event payload or terminate output.</summary>
    public string? Data { get; init; }

    public Microsoft.DurableTask.TaskFailureDetails? Failure { get; init; }
}
