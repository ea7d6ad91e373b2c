namespace McpOrchestrator.Functions.OpenApi;

/// <summary>A list route that pages (<see cref="Http.PageQuery"/>): <c>GET /openapi.json</c> documents its
/// <c>limit</c> and <c>cursor</c> query parameters, the 400 they can answer, and the response's <c>nextLink</c>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OpenApiPagedAttribute : Attribute;
