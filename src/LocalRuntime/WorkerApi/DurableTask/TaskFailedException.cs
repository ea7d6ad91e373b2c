namespace Microsoft.DurableTask;

/// <summary>Thrown into an orchestrator when an activity it awaited failed; <see cref="FailureDetails"/> says why.</summary>
public sealed class TaskFailedException : Exception
{
    public TaskFailedException(string taskName, int taskId, Exception innerException)
        : base(MessageFor(taskName, taskId, innerException?.Message), innerException)
    {
        ArgumentNullException.ThrowIfNull(innerException);
        TaskName = taskName;
        TaskId = taskId;
        FailureDetails = TaskFailureDetails.FromException(innerException);
    }

    public TaskFailedException(string taskName, int taskId, TaskFailureDetails failureDetails)
        : base(MessageFor(taskName, taskId, failureDetails?.ErrorMessage))
    {
        ArgumentNullException.ThrowIfNull(failureDetails);
        TaskName = taskName;
        TaskId = taskId;
        FailureDetails = failureDetails;
    }

    public string TaskName { get; }

    /// <summary>The sequence number of the task within its orchestration.</summary>
    public int TaskId { get; }

    public TaskFailureDetails FailureDetails { get; }

    [Obsolete("Use the FailureDetails property and its IsCausedBy<T>() method")]
    public bool IsCausedByException<T>()
        where T : Exception
        => FailureDetails.ErrorType == typeof(T).FullName;

    private static string MessageFor(string taskName, int taskId, string? cause) => cause is null
        ? $"Task '{taskName}' (#{taskId}) failed with an unhandled exception."
        : $"Task '{taskName}' (#{taskId}) failed with an unhandled exception: {cause}";
}
