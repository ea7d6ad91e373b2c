namespace Microsoft.DurableTask;

/// <summary>A declarative retry policy for activity calls. Retries are durable: the delays are durable timers in the
/// orchestration's history, so they survive restarts.</summary>
public class RetryPolicy
{
    /// <param name="maxNumberOfAttempts">Attempts in all, the first included; at least 1.</param>
    /// <param name="firstRetryInterval">Delay before the second attempt; greater than zero.</param>
    /// <param name="backoffCoefficient">Factor applied to the delay after each attempt; at least 1.0.</param>
    /// <param name="maxRetryInterval">Longest delay between attempts (default 1 hour; <see cref="Timeout.InfiniteTimeSpan"/> for none).</param>
    /// <param name="retryTimeout">No attempt starts after this much time since the first (default <see cref="Timeout.InfiniteTimeSpan"/>).</param>
    public RetryPolicy(
        int maxNumberOfAttempts,
        TimeSpan firstRetryInterval,
        double backoffCoefficient = 1.0,
        TimeSpan? maxRetryInterval = null,
        TimeSpan? retryTimeout = null)
    {
        if (maxNumberOfAttempts <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxNumberOfAttempts), maxNumberOfAttempts, $"The value for {nameof(maxNumberOfAttempts)} must be greater than zero.");
        }

        if (firstRetryInterval <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(firstRetryInterval), firstRetryInterval, $"The value for {nameof(firstRetryInterval)} must be greater than zero.");
        }

        if (backoffCoefficient < 1.0)
        {
            throw new ArgumentOutOfRangeException(nameof(backoffCoefficient), backoffCoefficient, $"The value for {nameof(backoffCoefficient)} must be greater or equal to 1.0.");
        }

        if (maxRetryInterval < firstRetryInterval && maxRetryInterval != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(maxRetryInterval), maxRetryInterval, $"The value for {nameof(maxRetryInterval)} must be greater or equal to the value for {nameof(firstRetryInterval)}.");
        }

        if (retryTimeout < firstRetryInterval && retryTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(retryTimeout), retryTimeout, $"The value for {nameof(retryTimeout)} must be greater or equal to the value for {nameof(firstRetryInterval)}.");
        }

        MaxNumberOfAttempts = maxNumberOfAttempts;
        FirstRetryInterval = firstRetryInterval;
        BackoffCoefficient = backoffCoefficient;
        MaxRetryInterval = maxRetryInterval ?? TimeSpan.FromHours(1);
        RetryTimeout = retryTimeout ?? Timeout.InfiniteTimeSpan;
        Handle = _ => true;
    }

    public int MaxNumberOfAttempts { get; }

    public TimeSpan FirstRetryInterval { get; }

    public double BackoffCoefficient { get; }

    public TimeSpan MaxRetryInterval { get; }

    public TimeSpan RetryTimeout { get; }

    /// <summary>Decides whether a failure is retried; every failure by default. The exception is a <see cref="TaskFailedException"/>.</summary>
    public Func<Exception, bool> Handle { get; private init; }

    /// <summary>Decides from the failure's details whether it is retried (replaces <see cref="Handle"/>).</summary>
    public Func<TaskFailureDetails, bool> HandleTaskFailureDetails
    {
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            Handle = exception => exception is TaskFailedException failed
                ? value(failed.FailureDetails)
                : throw new InvalidOperationException("Unable to create TaskFailureDetails since TaskFailedException was not received.");
        }
    }
}
