namespace Microsoft.DurableTask;

/// <summary>Options for scheduling a new orchestration instance.</summary>
/// <param name="InstanceId">The instance id; a new GUID ("N" format) when null.</param>
/// <param name="StartAt">When the instance starts; at once when null or in the past.</param>
public record StartOrchestrationOptions(string? InstanceId = null, DateTimeOffset? StartAt = null)
{
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}
