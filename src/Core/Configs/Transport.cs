using System.Text.Json.Serialization;

namespace McpOrchestrator.Core.Configs;

/// <summary>How a client reaches an MCP server: a child process over stdio, streamable HTTP, or the legacy HTTP+SSE
/// transport. Serialised as <c>stdio</c>, <c>http</c>, <c>sse</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Transport>))]
public enum Transport
{
    [JsonStringEnumMemberName("stdio")]
    Stdio,

    [JsonStringEnumMemberName("http")]
    Http,

    [JsonStringEnumMemberName("sse")]
    Sse,
}
