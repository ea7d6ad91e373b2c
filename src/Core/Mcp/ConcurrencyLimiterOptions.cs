using Polly;

namespace McpOrchestrator.Core.Mcp;

/// <summary>Options of the concurrency limiter strategy (<see cref="ConcurrencyLimiterExtensions.AddConcurrencyLimiter"/>):
/// at most <see cref="PermitLimit"/> executions at once, at most <see cref="QueueLimit"/> more waiting; beyond that an
/// execution is refused at once with <see cref="ConcurrencyLimitRejectedException"/>. A stand-in for Polly.RateLimiting,
/// which is not available here.</summary>
public sealed class ConcurrencyLimiterOptions : ResilienceStrategyOptions
{
    public ConcurrencyLimiterOptions() => Name = "ConcurrencyLimiter";

    public int PermitLimit { get; set; } = 16;

    public int QueueLimit { get; set; }
}
