namespace McpOrchestrator.Core.Problems;

/// <summary>The problems every part of the service can answer with.</summary>
public static class Problems
{
    /// <summary>Seconds a client should wait before retrying while a dependency is down.</summary>
    public const int RetryAfterSeconds = 5;

    public static Problem StorageUnavailable() => new()
    {
        Status = 503,
        Code = "storage_unavailable",
        Title = "Storage unavailable",
        Detail = $"Table Storage does not answer. Nothing was changed; retry after {RetryAfterSeconds} seconds. Operators: check AzureWebJobsStorage and that the storage account (or Azurite) is running.",
        Headers = new Dictionary<string, string> { ["Retry-After"] = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) },
    };

    public static Problem Internal(string invocationId) => new()
    {
        Status = 500,
        Code = "internal_error",
        Title = "Internal Server Error",
        Detail = $"The service failed unexpectedly. Report invocation id {invocationId} to the operator; the cause is in the service log.",
        Extensions = new Dictionary<string, object?> { ["invocationId"] = invocationId },
    };
}
