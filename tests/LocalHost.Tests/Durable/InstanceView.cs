namespace McpOrchestrator.LocalHost.Tests.Durable;

/// <summary>An instance as tests/DurableTestApp's HTTP starters answer it.</summary>
internal sealed record InstanceView(
    string InstanceId, string Name, string Status, string? Input, string? Output, string? CustomStatus, string? Failure);
