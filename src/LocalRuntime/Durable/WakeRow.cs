using Azure;

namespace McpOrchestrator.LocalRuntime.Durable;

/// <summary>An instance's wake-up row: the instance needs a step at <paramref name="VisibleAt"/> (a start, a message, a timer).</summary>
internal sealed record WakeRow(string InstanceId, DateTimeOffset VisibleAt, ETag ETag);
