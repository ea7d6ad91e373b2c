namespace McpOrchestrator.DurableTestApp;

public sealed record ApprovalInput(int? TimeoutMinutes);
