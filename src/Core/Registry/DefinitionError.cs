namespace McpOrchestrator.Core.Registry;

/// <summary>One thing wrong with a server definition: the JSON path of the field (<c>parameters[1].default</c>) and
/// what to change.</summary>
public sealed record DefinitionError(string Path, string Message);
