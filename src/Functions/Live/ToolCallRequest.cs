using System.Text.Json;

namespace McpOrchestrator.Functions.Live;

/// <summary>Body of <c>POST /v1/connections/{name}/tools/{tool}</c>: the tool's arguments (a JSON object; absent
/// or an empty body means none) and an optional timeout in milliseconds for the whole call, retries included.</summary>
public sealed record ToolCallRequest
{
    public JsonElement? Arguments { get; init; }

    public int? TimeoutMs { get; init; }
}
