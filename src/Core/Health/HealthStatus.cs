namespace McpOrchestrator.Core.Health;

/// <summary>The status words of health reports.</summary>
public static class HealthStatus
{
    public const string Healthy = "healthy";
    public const string Unhealthy = "unhealthy";
    public const string Up = "up";
    public const string Down = "down";
}
