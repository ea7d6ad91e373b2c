namespace McpOrchestrator.DurableTestApp;

/// <summary>A name for the host an activity ran on, so that tests hosting two runtimes can tell their work apart.</summary>
public sealed record HostTag(string Name);
