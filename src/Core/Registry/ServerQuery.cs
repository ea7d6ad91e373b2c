namespace McpOrchestrator.Core.Registry;

/// <summary>Filters of <c>GET /v1/servers</c>, as given in the query string (checked by
/// <see cref="ServerRegistry.ListAsync"/>): <see cref="Q"/> searches id, name, description and tags
/// case-insensitively; <see cref="Transport"/> is <c>stdio</c>, <c>http</c> or <c>sse</c>; <see cref="Tag"/> is one
/// exact tag. Null or empty means no filter.</summary>
public sealed record ServerQuery
{
    public const int MaxQueryLength = 200;

    public string? Q { get; init; }

    public string? Transport { get; init; }

    public string? Tag { get; init; }
}
