namespace McpOrchestrator.Functions.Publishing;

/// <summary>The 202 body of <c>POST .../publish</c>: the pipeline's id and where to manage it, Durable-style.</summary>
public sealed record PipelineManagement(string Id, string StatusQueryGetUri, string SendEventPostUri, string TerminatePostUri, string PurgeHistoryDeleteUri);
