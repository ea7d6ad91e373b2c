using System.Diagnostics.CodeAnalysis;

namespace Microsoft.DurableTask.Client;

/// <summary>A snapshot of an orchestration instance: name, status, times and, when fetched with inputs and outputs,
/// its serialized input, output, custom status and failure.</summary>
public sealed class OrchestrationMetadata(string name, string instanceId)
{
    public string Name { get; } = name;

    public string InstanceId { get; } = instanceId;

    /// <summary>Deserializes the serialized values; present only when fetched with inputs and outputs.</summary>
    public DataConverter? DataConverter { get; init; }

    public OrchestrationRuntimeStatus RuntimeStatus { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset LastUpdatedAt { get; init; }

    public string? SerializedInput { get; init; }

    public string? SerializedOutput { get; init; }

    public string? SerializedCustomStatus { get; init; }

    /// <summary>Why the instance failed; set only for <see cref="OrchestrationRuntimeStatus.Failed"/> and when fetched with outputs.</summary>
    public TaskFailureDetails? FailureDetails { get; init; }

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    public bool IsRunning => RuntimeStatus == OrchestrationRuntimeStatus.Running;

    /// <summary>Completed, Failed or Terminated.</summary>
    public bool IsCompleted => RuntimeStatus is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;

    [MemberNotNullWhen(true, nameof(DataConverter))]
    private bool RequestedInputsAndOutputs => DataConverter is not null;

    public T? ReadInputAs<T>() => RequestedInputsAndOutputs
        ? DataConverter.Deserialize<T>(SerializedInput)
        : throw NotFetched(nameof(ReadInputAs), "input");

    public T? ReadOutputAs<T>() => RequestedInputsAndOutputs
        ? DataConverter.Deserialize<T>(SerializedOutput)
        : throw NotFetched(nameof(ReadOutputAs), "output");

    public T? ReadCustomStatusAs<T>() => RequestedInputsAndOutputs
        ? DataConverter.Deserialize<T>(SerializedCustomStatus)
        : throw NotFetched(nameof(ReadCustomStatusAs), "input and output");

    public override string ToString() =>
        $"[Name: '{Name}', ID: '{InstanceId}', RuntimeStatus: {RuntimeStatus}, CreatedAt: {CreatedAt:s}, LastUpdatedAt: {LastUpdatedAt:s}]";

    private static InvalidOperationException NotFetched(string method, string what) =>
        new($"The {method} method can only be used on {nameof(OrchestrationMetadata)} objects that are fetched with the option to include {what} data.");
}
