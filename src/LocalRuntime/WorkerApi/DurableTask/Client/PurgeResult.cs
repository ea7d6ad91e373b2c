namespace Microsoft.DurableTask.Client;

/// <summary>What a purge removed.</summary>
public class PurgeResult
{
    public PurgeResult(int count, bool? isComplete)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        PurgedInstanceCount = count;
        IsComplete = isComplete;
    }

    public int PurgedInstanceCount { get; }

    public bool? IsComplete { get; }
}
