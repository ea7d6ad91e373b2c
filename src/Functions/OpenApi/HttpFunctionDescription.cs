using System.Reflection;

namespace McpOrchestrator.Functions.OpenApi;

/// <summary>An HTTP function as functions.metadata lists it, joined with the method that implements it.</summary>
public sealed record HttpFunctionDescription(string Name, string Route, IReadOnlyList<string> Methods, MethodInfo Method);
