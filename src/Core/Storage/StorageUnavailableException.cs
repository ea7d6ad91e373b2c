namespace McpOrchestrator.Core.Storage;

/// <summary>
/// Table storage could not be reached at all (connection refused, DNS failure, timeout after retries) or answered
/// 503. Callers answer HTTP 503 <c>storage_unavailable</c>; the operation may succeed when retried later.
/// </summary>
public sealed class StorageUnavailableException : Exception
{
    public StorageUnavailableException()
        : base("Table storage is unavailable.")
    {
    }

    public StorageUnavailableException(string message)
        : base(message)
    {
    }

    public StorageUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
