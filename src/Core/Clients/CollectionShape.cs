using System.Text.Json.Serialization;

namespace McpOrchestrator.Core.Clients;

/// <summary>How a client's file holds its servers.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CollectionShape>))]
public enum CollectionShape
{
    /// <summary>A map from entry name to entry (JSON object, TOML tables <c>[mcp_servers.&lt;name&gt;]</c>, YAML map).</summary>
    [JsonStringEnumMemberName("map")]
    Map,

    /// <summary>A list of entries, each naming itself in <see cref="NativeFormat.NameKey"/> (Continue).</summary>
    [JsonStringEnumMemberName("namedList")]
    NamedList,
}
