namespace McpOrchestrator.Bench;

/// <summary>A measurement could not be made (a child failed, an answer was wrong, a time limit passed); the message
/// says which and what to do.</summary>
public sealed class BenchFailedException : Exception
{
    public BenchFailedException()
    {
    }

    public BenchFailedException(string message)
        : base(message)
    {
    }

    public BenchFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
