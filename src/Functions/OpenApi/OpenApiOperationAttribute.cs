namespace McpOrchestrator.Functions.OpenApi;

/// <summary>Describes an HTTP function in <c>GET /openapi.json</c>: its group, summary, request and response body
/// types, and the error statuses it can answer besides the ones every route shares.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OpenApiOperationAttribute(string tag, string summary, string description) : Attribute
{
    public string Tag { get; } = tag;

    public string Summary { get; } = summary;

    public string Description { get; } = description;

    /// <summary>JSON request body type; none when null.</summary>
    public Type? Request { get; init; }

    /// <summary>Whether the request body may be left out (the endpoint then uses its defaults).</summary>
    public bool RequestOptional { get; init; }

    /// <summary>JSON response body type of the success status; no body when null.</summary>
    public Type? Response { get; init; }

    public int SuccessStatus { get; init; } = 200;

    /// <summary>Further statuses this operation answers with problem+json (404, 409, 412 …).</summary>
    public int[] Errors { get; init; } = [];
}
