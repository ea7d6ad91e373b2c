namespace McpOrchestrator.LocalRuntime.Metadata;

/// <summary>One function of functions.metadata: its name, the method it runs and its bindings.</summary>
public sealed record FunctionMetadata
{
    public required string Name { get; init; }

    public required string ScriptFile { get; init; }

    /// <summary><c>Namespace.Type.Method</c>.</summary>
    public required string EntryPoint { get; init; }

    public required IReadOnlyList<BindingMetadata> Bindings { get; init; }

    public BindingMetadata Trigger => Bindings.FirstOrDefault(binding => binding.IsTrigger)
        ?? throw new InvalidOperationException($"Function '{Name}' has no trigger binding in functions.metadata.");
}
