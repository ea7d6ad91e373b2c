using Polly;

namespace McpOrchestrator.Core.Mcp;

public static class ConcurrencyLimiterExtensions
{
    /// <summary>Adds a concurrency limiter (see <see cref="ConcurrencyLimiterOptions"/>) to the pipeline.</summary>
    public static TBuilder AddConcurrencyLimiter<TBuilder>(this TBuilder builder, ConcurrencyLimiterOptions options)
        where TBuilder : ResiliencePipelineBuilderBase
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PermitLimit, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.QueueLimit);
        return builder.AddStrategy(_ => new ConcurrencyLimiterStrategy(options), options);
    }
}
