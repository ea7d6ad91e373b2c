namespace McpOrchestrator.Functions.Http;

/// <summary>Declares an HTTP function that answers without credentials. Only <c>GET /health</c>, the protected resource metadata,
/// <c>GET /openapi.json</c> and <c>GET /v1/keys</c> are public.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PublicEndpointAttribute : Attribute
{
}
