using Azure;

namespace McpOrchestrator.Core.Storage;

public static class RequestFailedExceptionExtensions
{
    /// <summary>True when an entity operation failed because its table does not exist yet (404 <c>TableNotFound</c>);
    /// stores that create their table on first write read that as "nothing stored yet".</summary>
    public static bool IsTableNotFound(this RequestFailedException exception) =>
        exception.Status == 404 && string.Equals(exception.ErrorCode, "TableNotFound", StringComparison.Ordinal);
}
