using Microsoft.Extensions.Logging;

namespace McpOrchestrator.Core.Storage;

/// <summary>Log events of Table storage access. Endpoints only; never keys, signatures or tokens.</summary>
internal static partial class StorageLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Table storage at {Endpoint} could not be reached ({Reason})")]
    public static partial void StorageUnreachable(ILogger logger, string endpoint, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Table storage at {Endpoint} answered 503 Service Unavailable")]
    public static partial void StorageBusy(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Table storage: {Connection}")]
    public static partial void Connected(ILogger logger, string connection);
}
