using Microsoft.Extensions.Logging;

namespace McpOrchestrator.Core.Storage;

/// <summary>Log events of the Table storage client. Endpoints only; never keys, signatures or tokens.</summary>
internal static partial class StorageLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Table storage at {Endpoint} could not be reached ({Reason})")]
    public static partial void StorageUnreachable(ILogger logger, Uri endpoint, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Table storage at {Endpoint} answered 503 Service Unavailable")]
    public static partial void StorageBusy(ILogger logger, Uri endpoint);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Created table {TableName}")]
    public static partial void TableCreated(ILogger logger, string tableName);

    [LoggerMessage(EventId = 4, Level = LogLevel.Debug, Message = "Table transaction on {TableName} failed at action {ActionIndex} with {Status} {ErrorCode}")]
    public static partial void TransactionFailed(ILogger logger, string tableName, int? actionIndex, int status, string? errorCode);
}
