using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpOrchestrator.Infra.Tests.Support;

/// <summary>Small readers over the snapshot's JSON.</summary>
public static class SnapshotJson
{
    /// <summary>The node as text: a string value as is, anything else as JSON; null when absent.</summary>
    public static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => node.ToJsonString(),
    };

    public static string Id(JsonObject resource) => Text(resource["id"]) ?? throw new InvalidOperationException("A resource without id.");

    /// <summary>Every string in <paramref name="node"/>, with its JSON path.</summary>
    public static IEnumerable<(string Path, string Value)> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => [(v.GetPath(), v.GetValue<string>())],
        _ => [],
    };
}
