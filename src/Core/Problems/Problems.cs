namespace McpOrchestrator.Core.Problems;

/// <summary>
/// The problems every part of the service can answer with:
/// <list type="table">
/// <item><term>503 <c>storage_unavailable</c> + <c>Retry-After</c></term><description>Table Storage does not answer</description></item>
/// <item><term>429 <c>too_many_probes</c> + <c>Retry-After</c></term><description>the instance's bound on concurrent and
/// queued probes and health checks is reached</description></item>
/// <item><term>500 <c>internal_error</c></term><description>a bug; the detail carries the invocation id</description></item>
/// </list>
/// </summary>
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

    /// <summary>429 <c>too_many_probes</c>: every probe slot of this instance is busy and the wait queue is full
    /// (<see cref="Mcp.ProbeLimiter"/>).</summary>
    public static Problem TooManyProbes(int running, int queued) => new()
    {
        Status = 429,
        Code = "too_many_probes",
        Title = "Too many probes",
        Detail = $"This instance is already running {running.ToString(System.Globalization.CultureInfo.InvariantCulture)} probes and health checks with {queued.ToString(System.Globalization.CultureInfo.InvariantCulture)} more waiting (McpOrchestrator__Mcp__MaxConcurrentProbes, McpOrchestrator__Mcp__MaxQueuedProbes). Nothing was probed: retry after {RetryAfterSeconds} seconds, or validate without \"probe\": true for the static checks only.",
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
