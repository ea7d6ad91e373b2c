namespace McpOrchestrator.LocalRuntime.Durable;

/// <summary>Something the orchestrator code asked for in this run (an activity call or a durable timer), before it
/// is matched against the history or recorded as new.</summary>
internal sealed record OrchestrationAction(int TaskId, HistoryEventKind Kind, string? Name, string? Input, DateTime FireAt)
{
    public string Describe() => Kind == HistoryEventKind.TaskScheduled ? $"a call of activity '{Name}'" : "a durable timer";

    public static string Describe(HistoryEvent recorded) =>
        recorded.Kind == HistoryEventKind.TaskScheduled ? $"a call of activity '{recorded.Name}'" : "a durable timer";
}
