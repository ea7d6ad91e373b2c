using System.Text.Json.Serialization;

namespace McpOrchestrator.Core.Health;

/// <summary>What <c>GET /health</c> reports: overall status and each dependency's check.</summary>
public sealed record HealthReport
{
    public required string Status { get; init; }

    public required DateTimeOffset CheckedAt { get; init; }

    public required HealthChecks Checks { get; init; }

    [JsonIgnore]
    public bool IsHealthy => Status == HealthStatus.Healthy;
}
