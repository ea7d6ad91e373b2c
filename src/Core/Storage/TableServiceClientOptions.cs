using Azure.Core;

namespace McpOrchestrator.Core.Storage;

/// <summary>
/// Pipeline options for <see cref="TableServiceClient"/>. The defaults fail fast when storage is down: 2 retries
/// from 100 ms (at most 1 s apart) and a 5-second network timeout per attempt.
/// </summary>
public sealed class TableServiceClientOptions : ClientOptions
{
    public TableServiceClientOptions()
    {
        Retry.MaxRetries = 2;
        Retry.Mode = RetryMode.Exponential;
        Retry.Delay = TimeSpan.FromMilliseconds(100);
        Retry.MaxDelay = TimeSpan.FromSeconds(1);
        Retry.NetworkTimeout = TimeSpan.FromSeconds(5);
    }

    /// <summary>The clock that dates signed requests.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
