namespace McpOrchestrator.LocalRuntime.Durable;

/// <summary>Runs every task queued to it at once, on the queuing thread. Orchestrator code runs under it, so an
/// <c>await</c> of a durable task resumes inside the call that completes that task: when the engine applies a history
/// event, the orchestrator has advanced as far as it can by the time the call returns (as in the Durable Task Framework).</summary>
internal sealed class SynchronousTaskScheduler : TaskScheduler
{
    public static readonly SynchronousTaskScheduler Instance = new();

    private SynchronousTaskScheduler()
    {
    }

    protected override void QueueTask(Task task) => TryExecuteTask(task);

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => TryExecuteTask(task);

    protected override IEnumerable<Task> GetScheduledTasks() => [];
}
