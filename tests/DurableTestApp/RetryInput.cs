namespace McpOrchestrator.DurableTestApp;

public sealed record RetryInput(int Failures, int MaxAttempts, bool RetryOnlyTimeouts);
