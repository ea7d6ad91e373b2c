namespace McpOrchestrator.Cli.Merging;

/// <summary>The existing file cannot be merged into without losing or breaking something; the message says where
/// (line and column) and what to do. Nothing is written.</summary>
public sealed class MergeException(string message) : Exception(message);
