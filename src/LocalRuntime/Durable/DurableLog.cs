using Microsoft.Extensions.Logging;

namespace McpOrchestrator.LocalRuntime.Durable;

/// <summary>The engine's log lines (category <see cref="Category"/>).</summary>
internal static partial class DurableLog
{
    public const string Category = "Host.Triggers.DurableTask";

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Durable task hub '{Hub}': this host is {Host}; table {Table}; up to {Orchestrators} orchestrator steps and {Activities} activities at once")]
    public static partial void Started(ILogger logger, string hub, string host, string table, int orchestrators, int activities);

    [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "Orchestration '{InstanceId}' step {Episode} started on {Host}")]
    public static partial void StepStarted(ILogger logger, string instanceId, int episode, string host);

    [LoggerMessage(EventId = 102, Level = LogLevel.Debug, Message = "Orchestration '{InstanceId}' step {Episode} ended on {Host}: {Outcome}")]
    public static partial void StepEnded(ILogger logger, string instanceId, int episode, string host, string outcome);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Orchestration '{Name}' ({InstanceId}) {Status}")]
    public static partial void InstanceEnded(ILogger logger, string name, string instanceId, string status);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "Orchestration '{Name}' ({InstanceId}) failed: {ErrorType}: {ErrorMessage}")]
    public static partial void InstanceFailed(ILogger logger, string name, string instanceId, string errorType, string errorMessage);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "Orchestration '{InstanceId}': another host took it over before this host saved step {Episode}; the step is discarded")]
    public static partial void StepLost(ILogger logger, string instanceId, int episode);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning, Message = "Durable task hub '{Hub}': storage is unavailable ({Reason}); retrying")]
    public static partial void StorageUnavailable(ILogger logger, string hub, string reason);

    [LoggerMessage(EventId = 107, Level = LogLevel.Error, Message = "Orchestration '{InstanceId}': the step failed unexpectedly; it is retried when its lease expires")]
    public static partial void StepCrashed(ILogger logger, Exception exception, string instanceId);

    [LoggerMessage(EventId = 108, Level = LogLevel.Warning, Message = "Activity '{Name}' (task {TaskId} of '{InstanceId}') failed: {ErrorType}: {ErrorMessage}")]
    public static partial void ActivityFailed(ILogger logger, string name, int taskId, string instanceId, string errorType, string errorMessage);

    [LoggerMessage(EventId = 109, Level = LogLevel.Warning, Message = "Activity '{Name}' (task {TaskId} of '{InstanceId}'): another host took it over; this run's result is discarded")]
    public static partial void ActivityLost(ILogger logger, string name, int taskId, string instanceId);

    [LoggerMessage(EventId = 110, Level = LogLevel.Error, Message = "Activity '{Name}' (task {TaskId} of '{InstanceId}'): recording the outcome failed; the activity runs again when its lease expires")]
    public static partial void ActivityCrashed(ILogger logger, Exception exception, string name, int taskId, string instanceId);
}
