using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace Microsoft.Azure.Functions.Worker;

/// <summary>Trigger of an activity function; binds the activity's input, deserialized to the parameter's type
/// (real type: Microsoft.Azure.Functions.Worker.Extensions.DurableTask).</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class ActivityTriggerAttribute : TriggerBindingAttribute
{
    /// <summary>The activity's name; the function name when null.</summary>
    public string? Activity { get; set; }
}
