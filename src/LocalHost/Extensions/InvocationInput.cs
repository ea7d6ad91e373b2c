namespace McpOrchestrator.LocalHost.Extensions;

/// <summary>One named input of an invocation (a parameter binding).</summary>
public sealed record InvocationInput(string Name, InvocationValue Value);
