namespace Microsoft.DurableTask.Client;

/// <summary>The runtime status of an orchestration instance (values as in Microsoft.DurableTask.Client).</summary>
public enum OrchestrationRuntimeStatus
{
    Running = 0,
    Completed = 1,
    [Obsolete("The ContinuedAsNew status is obsolete and exists only for compatibility reasons.")]
    ContinuedAsNew = 2,
    Failed = 3,
    [Obsolete("The Canceled status is not currently used and exists only for compatibility reasons.")]
    Canceled = 4,
    Terminated = 5,
    Pending = 6,
    Suspended = 7,
}
