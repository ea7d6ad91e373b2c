using System.Text.Json;
using System.Text.Json.Serialization;
using ModelContextProtocol.Protocol;

namespace McpOrchestrator.Core.Live;

/// <summary>One tool of a live server as <c>GET /v1/tools</c> lists it: its listed <see cref="Name"/>
/// (<see cref="LiveToolNames"/>), the <see cref="Server"/> and <see cref="Tool"/> to call it by
/// (<c>POST /v1/connections/{server}/tools/{tool}</c>), what the server says about it, and whether its server can
/// take calls now (connected, circuit not open).</summary>
public sealed record LiveTool
{
    public required string Name { get; init; }

    public required string Server { get; init; }

    public required string Tool { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Title { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Description { get; init; }

    public required JsonElement InputSchema { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? OutputSchema { get; init; }

    /// <summary>The tool's annotations (readOnlyHint, destructiveHint, …) as the server sent them.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Annotations { get; init; }

    public required bool Available { get; init; }

    internal static JsonElement? AnnotationsOf(Tool tool) =>
        tool.Annotations is null ? null : JsonSerializer.SerializeToElement(tool.Annotations, ModelContextProtocol.McpJsonUtilities.DefaultOptions);
}
