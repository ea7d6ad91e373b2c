namespace McpOrchestrator.LocalRuntime.Invocation;

/// <summary>A request value could not be bound to a function parameter (a missing or malformed route, query or body value).</summary>
internal sealed class BindingException(string parameter, string message) : Exception(message)
{
    public string Parameter { get; } = parameter;
}
