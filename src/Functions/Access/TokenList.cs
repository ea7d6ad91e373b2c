using McpOrchestrator.Core.Access;

namespace McpOrchestrator.Functions.Access;

/// <summary>The body of <c>GET /v1/tokens</c>.</summary>
public sealed record TokenList(IReadOnlyList<TokenInfo> Tokens);
