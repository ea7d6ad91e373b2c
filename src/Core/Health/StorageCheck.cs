using System.Text.Json.Serialization;

namespace McpOrchestrator.Core.Health;

/// <summary>Whether Table Storage answered a point read, how fast, and, when it did not, why (no secrets).</summary>
public sealed record StorageCheck(
    string Status,
    long LatencyMs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null)
{
    [JsonIgnore]
    public bool IsUp => Status == HealthStatus.Up;
}
