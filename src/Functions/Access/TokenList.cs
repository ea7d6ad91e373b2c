using System.Text.Json.Serialization;
using McpOrchestrator.Core.Access;

namespace McpOrchestrator.Functions.Access;

/// <summary>The body of <c>GET /v1/tokens</c>: one page of tokens and, while more follow, <see cref="NextLink"/>.</summary>
public sealed record TokenList(
    IReadOnlyList<TokenInfo> Tokens,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NextLink = null);
