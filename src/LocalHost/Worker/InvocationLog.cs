
namespace McpOrchestrator.LocalHost.Worker;

/// <summary>Core Tools' invocation lines, logged under the function's category (<c>Function.&lt;Name&gt;</c>).</summary>
internal static partial class InvocationLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Executing 'Functions.{Name}' (Reason='{Reason}', Id={InvocationId})")]
    public static partial void Executing(ILogger logger, string name, string reason, string invocationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Executed 'Functions.{Name}' (Succeeded, Id={InvocationId}, Duration={DurationMs}ms)")]
    public static partial void Succeeded(ILogger logger, string name, string invocationId, long durationMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Executed 'Functions.{Name}' (Failed, Id={InvocationId}, Duration={DurationMs}ms): {Cause}")]
    public static partial void Failed(ILogger logger, string name, string invocationId, long durationMs, string cause);

    [LoggerMessage(Level = LogLevel.Error, Message = "Timeout value of {Timeout} exceeded by function 'Functions.{Name}' (Id: '{InvocationId}'). Initiating cancellation.")]
    public static partial void TimedOut(ILogger logger, TimeSpan timeout, string name, string invocationId);

    [LoggerMessage(Message = "{Message}")]
    public static partial void Forward(ILogger logger, LogLevel level, string message);
}
