using System.Text.Json.Serialization;

namespace McpOrchestrator.Core.Mcp;

/// <summary>How a health check reached the server: MCP <c>ping</c>, or <c>tools/list</c> where ping is not supported
/// (protocol 2026-07-28 removed it).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<HealthCheckMethod>))]
public enum HealthCheckMethod
{
    [JsonStringEnumMemberName("ping")]
    Ping,

    [JsonStringEnumMemberName("tools/list")]
    ListTools,
}
