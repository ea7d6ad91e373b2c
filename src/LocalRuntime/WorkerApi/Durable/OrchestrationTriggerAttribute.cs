using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace Microsoft.Azure.Functions.Worker;

/// <summary>Trigger of an orchestrator function; binds a <see cref="Microsoft.DurableTask.TaskOrchestrationContext"/>
/// (real type: Microsoft.Azure.Functions.Worker.Extensions.DurableTask).</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class OrchestrationTriggerAttribute : TriggerBindingAttribute
{
    /// <summary>The orchestration's name; the function name when null.</summary>
    public string? Orchestration { get; set; }
}
