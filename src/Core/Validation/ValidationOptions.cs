namespace McpOrchestrator.Core.Validation;

/// <summary>The body of <c>POST …/validate</c>: <c>{probe?}</c>. <see cref="Probe"/> connects to each server for
/// real (when an <see cref="IServerProbe"/> is registered).</summary>
public sealed record ValidationOptions
{
    public bool? Probe { get; init; }
}
