namespace McpOrchestrator.Core.Mcp;

/// <summary>A server's env and headers after reference resolution, and the redactor that hides their values.</summary>
public sealed record ResolvedValues(
    IReadOnlyDictionary<string, string> Env,
    IReadOnlyDictionary<string, string> Headers,
    SecretRedactor Redactor);
