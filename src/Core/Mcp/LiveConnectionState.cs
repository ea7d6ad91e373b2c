using System.Text.Json.Serialization;

namespace McpOrchestrator.Core.Mcp;

/// <summary>Where a live connection is: not started, connecting (first time or again), connected, disconnected
/// (waiting to reconnect), or stopped for good.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<LiveConnectionState>))]
public enum LiveConnectionState
{
    [JsonStringEnumMemberName("new")]
    New,

    [JsonStringEnumMemberName("connecting")]
    Connecting,

    [JsonStringEnumMemberName("connected")]
    Connected,

    [JsonStringEnumMemberName("disconnected")]
    Disconnected,

    [JsonStringEnumMemberName("stopped")]
    Stopped,
}
