using Microsoft.Extensions.Logging;

namespace McpOrchestrator.LocalRuntime.Invocation;

/// <summary>Invocation log lines in the shape <c>func start</c> prints them.</summary>
internal static partial class InvocationLog
{
    public const string Category = "Function";

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Executing 'Functions.{FunctionName}' (Reason='{Reason}', Id={InvocationId})")]
    public static partial void Executing(ILogger logger, string functionName, string reason, string invocationId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Executed 'Functions.{FunctionName}' (Succeeded, Id={InvocationId}, Duration={DurationMs}ms)")]
    public static partial void Succeeded(ILogger logger, string functionName, string invocationId, long durationMs);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Executed 'Functions.{FunctionName}' (Failed, Id={InvocationId}, Duration={DurationMs}ms)")]
    public static partial void Failed(ILogger logger, Exception exception, string functionName, string invocationId, long durationMs);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Executed 'Functions.{FunctionName}' (Rejected binding, Id={InvocationId}, Duration={DurationMs}ms): {Reason}")]
    public static partial void BindingRejected(ILogger logger, string functionName, string invocationId, long durationMs, string reason);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Function 'Functions.{FunctionName}' returned {ResultType}, which is not an HTTP result; no response body was written (Id={InvocationId})")]
    public static partial void NoHttpResult(ILogger logger, string functionName, string resultType, string invocationId);
}
