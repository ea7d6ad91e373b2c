using Azure;

namespace McpOrchestrator.LocalRuntime.Durable;

/// <summary>An activity to run for an instance: written with the step that scheduled it, deleted in the same
/// transaction that records its result.</summary>
internal sealed record ActivityWorkItem(string InstanceId, int TaskId, string Name, string? Input, string LeaseOwner, DateTimeOffset LeaseUntil, ETag ETag);
