using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace Microsoft.Azure.Functions.Worker;

/// <summary>Binds a <see cref="Microsoft.DurableTask.Client.DurableTaskClient"/> for the app's task hub
/// (real type: Microsoft.Azure.Functions.Worker.Extensions.DurableTask).</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class DurableClientAttribute : InputBindingAttribute
{
    /// <summary>The task hub; host.json <c>extensions.durableTask.hubName</c> when null.</summary>
    public string? TaskHub { get; set; }

    /// <summary>The app setting holding the storage connection; the storage provider's connection when null.</summary>
    public string? ConnectionName { get; set; }
}
