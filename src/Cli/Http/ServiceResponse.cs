using System.Text.Json.Nodes;

namespace McpOrchestrator.Cli.Http;

/// <summary>A successful answer: status, JSON body (null when empty) and the <c>Retry-After</c> delay, if any.</summary>
public sealed record ServiceResponse(int Status, JsonNode? Body, TimeSpan? RetryAfter);
