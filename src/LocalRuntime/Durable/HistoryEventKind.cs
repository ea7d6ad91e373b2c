namespace McpOrchestrator.LocalRuntime.Durable;

/// <summary>What a history event records. The orchestrator is replayed against these in order.</summary>
internal enum HistoryEventKind
{
    /// <summary>A step of the orchestration began at <see cref="HistoryEvent.Time"/> (the orchestration clock).</summary>
    OrchestratorStarted,

    /// <summary>The instance started with <see cref="HistoryEvent.Data"/> as input.</summary>
    ExecutionStarted,

    /// <summary>The orchestrator called activity <see cref="HistoryEvent.Name"/> as task <see cref="HistoryEvent.TaskId"/>.</summary>
    TaskScheduled,

    /// <summary>Activity task <see cref="HistoryEvent.TaskId"/> returned <see cref="HistoryEvent.Data"/>.</summary>
    TaskCompleted,

    /// <summary>Activity task <see cref="HistoryEvent.TaskId"/> threw; <see cref="HistoryEvent.Failure"/> says why.</summary>
    TaskFailed,

    /// <summary>The orchestrator created durable timer <see cref="HistoryEvent.TaskId"/>, due at <see cref="HistoryEvent.Time"/>.</summary>
    TimerCreated,

    /// <summary>Durable timer <see cref="HistoryEvent.TaskId"/> fired.</summary>
    TimerFired,

    /// <summary>External event <see cref="HistoryEvent.Name"/> arrived with payload <see cref="HistoryEvent.Data"/>
    /// (message <see cref="HistoryEvent.MessageId"/>).</summary>
    EventRaised,

    /// <summary>The instance ended: <see cref="HistoryEvent.Status"/> with output <see cref="HistoryEvent.Data"/> or <see cref="HistoryEvent.Failure"/>.</summary>
    ExecutionCompleted,
}
