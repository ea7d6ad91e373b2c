namespace McpOrchestrator.LocalHost.Extensions;

/// <summary>No worker can take the invocation now (it crashed and is restarting, or the host is stopping); the
/// caller retries later.</summary>
public sealed class WorkerUnavailableException(string message) : Exception(message);
