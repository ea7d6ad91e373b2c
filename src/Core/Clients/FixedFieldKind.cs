using System.Text.Json.Serialization;

namespace McpOrchestrator.Core.Clients;

/// <summary>The type a <see cref="FixedField"/> is written as.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FixedFieldKind>))]
public enum FixedFieldKind
{
    [JsonStringEnumMemberName("text")]
    Text,

    [JsonStringEnumMemberName("boolean")]
    Boolean,

    [JsonStringEnumMemberName("number")]
    Number,
}
