using System.Text.Json.Nodes;

namespace McpOrchestrator.Functions.Keys;

/// <summary>An RFC 7517 JWK Set.</summary>
public sealed record JsonWebKeySet(IReadOnlyList<JsonObject> Keys);
