using System.Text.Json.Serialization;

namespace McpOrchestrator.Core.Mcp;

/// <summary>A live server's circuit breaker: closed (calls flow), open (calls refused after repeated failures),
/// half-open (one trial call let through after the break), isolated (held open by hand).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CircuitStatus>))]
public enum CircuitStatus
{
    [JsonStringEnumMemberName("closed")]
    Closed,

    [JsonStringEnumMemberName("open")]
    Open,

    [JsonStringEnumMemberName("half_open")]
    HalfOpen,

    [JsonStringEnumMemberName("isolated")]
    Isolated,
}
