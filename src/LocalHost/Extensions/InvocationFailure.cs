namespace McpOrchestrator.LocalHost.Extensions;

/// <summary>Why an invocation failed, from the worker's <c>RpcException</c>.</summary>
public sealed record InvocationFailure(string? ExceptionType, string Message, string? StackTrace);
