
namespace McpOrchestrator.LocalHost.Durable;

/// <summary>The Durable extension's log events.</summary>
internal static partial class DurableLog
{
    [LoggerMessage(1, LogLevel.Information, "Durable task hub '{HubName}' started on {Storage} with {Orchestrators} orchestrator(s) and {Activities} activity function(s); client sidecar at {SidecarUrl}")]
    public static partial void Started(ILogger logger, string hubName, string storage, int orchestrators, int activities, string sidecarUrl);

    [LoggerMessage(2, LogLevel.Information, "Durable task hub '{HubName}' stopped")]
    public static partial void Stopped(ILogger logger, string hubName);

    [LoggerMessage(3, LogLevel.Error, "No orchestrator function named '{Name}' is loaded; instance {InstanceId} fails")]
    public static partial void UnknownOrchestrator(ILogger logger, string name, string instanceId);

    [LoggerMessage(4, LogLevel.Error, "No activity function named '{Name}' is loaded; the activity of instance {InstanceId} fails")]
    public static partial void UnknownActivity(ILogger logger, string name, string instanceId);

    [LoggerMessage(5, LogLevel.Warning, "Orchestrator '{FunctionName}' step of instance {InstanceId} failed (attempt {Attempt} of {MaxAttempts}): {Error}")]
    public static partial void OrchestratorAttemptFailed(ILogger logger, string functionName, string instanceId, int attempt, int maxAttempts, string? error);

    [LoggerMessage(6, LogLevel.Error, "Orchestrator '{FunctionName}' failed the same step of instance {InstanceId} {Attempts} times; the instance is failed")]
    public static partial void OrchestratorPoisoned(ILogger logger, string functionName, string instanceId, int attempts);

    [LoggerMessage(7, LogLevel.Warning, "Orchestrator '{FunctionName}' step of instance {InstanceId} abandoned, to be retried: {Reason}")]
    public static partial void OrchestratorAbandoned(ILogger logger, string functionName, string instanceId, string reason);

    [LoggerMessage(8, LogLevel.Warning, "Activity '{FunctionName}' of instance {InstanceId} abandoned, to be retried: {Reason}")]
    public static partial void ActivityAbandoned(ILogger logger, string functionName, string instanceId, string reason);

    [LoggerMessage(9, LogLevel.Debug, "A timer of instance {InstanceId} was delivered {EarlyMs} ms before it is due; held back until then")]
    public static partial void TimerHeldBack(ILogger logger, string instanceId, double earlyMs);

    [LoggerMessage(10, LogLevel.Debug, "Event '{EventName}' for instance {InstanceId} waits until the instance has started")]
    public static partial void EventWaitsForStart(ILogger logger, string eventName, string instanceId);

    [LoggerMessage(11, LogLevel.Warning, "Durable task hub '{HubName}' stopped without releasing its partitions ({Reason}; is storage reachable?); another host takes them over once their leases expire")]
    public static partial void StopAbandoned(ILogger logger, string hubName, string reason);

    [LoggerMessage(12, LogLevel.Warning, "The abandoned stop of Durable task hub '{HubName}' failed")]
    public static partial void AbandonedStopFailed(ILogger logger, Exception exception, string hubName);
}
