namespace McpOrchestrator.Core.Mcp;

/// <summary>Thrown by the concurrency limiter when every slot is busy and the queue is full.</summary>
public sealed class ConcurrencyLimitRejectedException : Exception
{
    public ConcurrencyLimitRejectedException()
        : base("Too many calls are in flight or waiting.")
    {
    }

    public ConcurrencyLimitRejectedException(string message)
        : base(message)
    {
    }

    public ConcurrencyLimitRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
