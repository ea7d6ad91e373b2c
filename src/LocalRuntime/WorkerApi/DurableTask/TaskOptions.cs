namespace Microsoft.DurableTask;

/// <summary>Options of an activity call: its retry policy and tags.</summary>
public record TaskOptions
{
    public TaskOptions(TaskRetryOptions? retry)
    {
        Retry = retry;
    }

    public TaskOptions(TaskRetryOptions? retry = null, IDictionary<string, string>? tags = null)
    {
        Retry = retry;
        Tags = tags;
    }

    public TaskOptions(TaskOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Retry = options.Retry;
        Tags = options.Tags;
    }

    public TaskRetryOptions? Retry { get; init; }

    public IDictionary<string, string>? Tags { get; init; }

    public static TaskOptions FromRetryPolicy(RetryPolicy policy) => new(policy);
}
