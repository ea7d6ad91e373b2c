namespace McpOrchestrator.LocalHost.Extensions;

/// <summary>A function the worker indexed and loaded: its name, the worker's function id and its bindings.</summary>
public sealed record LoadedFunction(string Name, string FunctionId, IReadOnlyList<FunctionBinding> Bindings);
