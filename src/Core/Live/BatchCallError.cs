namespace McpOrchestrator.Core.Live;

/// <summary>Why one call of a batch has no result: the stable <see cref="Code"/> the single-call route would answer
/// with (<c>connection_not_found</c>, <c>tool_not_found</c>, <c>invalid_arguments</c>, <c>server_unavailable</c>,
/// <c>call_timeout</c>, …) and what to do about it.</summary>
public sealed record BatchCallError(string Code, string Message);
