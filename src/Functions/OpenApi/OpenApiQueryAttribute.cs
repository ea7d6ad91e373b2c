namespace McpOrchestrator.Functions.OpenApi;

/// <summary>A query parameter of an HTTP function, for <c>GET /openapi.json</c>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class OpenApiQueryAttribute(string name, string description) : Attribute
{
    public string Name { get; } = name;

    public string Description { get; } = description;

    public string Type { get; init; } = "string";
}
