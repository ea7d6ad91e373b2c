namespace McpOrchestrator.DurableTestApp;

/// <summary>An instance as the HTTP starters answer it.</summary>
public sealed record InstanceView(
    string InstanceId, string Name, string Status, string? Input, string? Output, string? CustomStatus, string? Failure);
