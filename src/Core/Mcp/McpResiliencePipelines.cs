using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Retry;
using Polly.Timeout;

namespace McpOrchestrator.Core.Mcp;

/// <summary>
/// One Polly resilience pipeline per live server, registered by the server's name, from outermost to innermost:
/// a concurrency limiter (<see cref="McpOptions.MaxConcurrentCalls"/>, <see cref="McpOptions.MaxQueuedCalls"/>);
/// retries with exponential backoff and jitter for transient failures only (<see cref="McpFailures.IsTransient"/>:
/// transport lost, timeout, HTTP 5xx; never a tool's error result or a JSON-RPC error answer); a circuit breaker
/// counting the same failures except those the caller caused (<see cref="CountsAgainstServer"/>: its cancellation, its
/// own shorter deadline), so one caller's tiny <c>timeoutMs</c> cannot open the circuit for everyone; and the attempt timeout (per call, from <see cref="AttemptTimeoutKey"/>).
/// <see cref="Reset"/> rebuilds a server's pipeline with a closed circuit (a new or changed server entry).
/// </summary>
public sealed class McpResiliencePipelines : IAsyncDisposable
{
    /// <summary>The timeout of one attempt, set per execution in <see cref="ResilienceContext.Properties"/>.</summary>
    public static readonly ResiliencePropertyKey<TimeSpan> AttemptTimeoutKey = new("McpOrchestrator.Mcp.AttemptTimeout");

    /// <summary>Set when the attempt timeout is the caller's own and shorter than <see cref="McpOptions.CallTimeout"/>:
    /// such a timeout is the caller's choice, not the server's failure, and the circuit breaker does not count it.</summary>
    public static readonly ResiliencePropertyKey<bool> CallerDeadlineKey = new("McpOrchestrator.Mcp.CallerDeadline");

    private readonly ResiliencePipelineRegistry<string> _registry;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly McpOptions _options;
    private readonly ILogger _logger;

    public McpResiliencePipelines(IOptions<McpOptions> options, TimeProvider timeProvider, ILogger<McpResiliencePipelines> logger)
    {
        _options = options.Value;
        _logger = logger;
        _registry = new ResiliencePipelineRegistry<string>(new ResiliencePipelineRegistryOptions<string>
        {
            BuilderFactory = () => new ResiliencePipelineBuilder { TimeProvider = timeProvider },
        });
    }

    /// <summary>The pipeline of <paramref name="server"/>, built on first use. The same instance is returned for the
    /// server's name for ever; <see cref="Reset"/> swaps what is inside it.</summary>
    public ResiliencePipeline GetPipeline(string server)
    {
        _registry.TryAddBuilder(server, (builder, context) => Configure(builder, context, server));
        return _registry.GetPipeline(server);
    }

    /// <summary>The circuit state of <paramref name="server"/> (closed when it has no pipeline yet).</summary>
    public CircuitStatus GetCircuitStatus(string server) =>
        _entries.TryGetValue(server, out var entry)
            ? entry.State.CircuitState switch
            {
                CircuitState.Open => CircuitStatus.Open,
                CircuitState.HalfOpen => CircuitStatus.HalfOpen,
                CircuitState.Isolated => CircuitStatus.Isolated,
                _ => CircuitStatus.Closed,
            }
            : CircuitStatus.Closed;

    /// <summary>Rebuilds the server's pipeline: closed circuit, empty limiter. Calls already running finish on the
    /// old one.</summary>
    public void Reset(string server)
    {
        if (_entries.TryGetValue(server, out var entry))
        {
            entry.Reload.Cancel();
        }
    }

    public ValueTask DisposeAsync() => _registry.DisposeAsync();

    private void Configure(ResiliencePipelineBuilder builder, ConfigureBuilderContext<string> context, string server)
    {
        var entry = new Entry();
        _entries[server] = entry;
        context.AddReloadToken(entry.Reload.Token);
        context.OnPipelineDisposed(entry.Reload.Dispose);

        var transient = new PredicateBuilder().Handle<Exception>(McpFailures.IsTransient);
        builder.AddConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = _options.MaxConcurrentCalls,
            QueueLimit = _options.MaxQueuedCalls,
        });
        if (_options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = transient,
                MaxRetryAttempts = _options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _options.RetryDelay,
                MaxDelay = _options.RetryMaxDelay,
                OnRetry = args =>
                {
                    McpLog.Retrying(_logger, server, McpFailures.Milliseconds(args.RetryDelay), args.AttemptNumber + 1, args.Outcome.Exception?.Message ?? "failed");
                    return ValueTask.CompletedTask;
                },
            });
        }

        builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } failure && CountsAgainstServer(failure, args.Context)),
                FailureRatio = _options.BreakerFailureRatio,
                MinimumThroughput = _options.BreakerMinimumThroughput,
                SamplingDuration = _options.BreakerSamplingDuration,
                BreakDuration = _options.BreakerBreakDuration,
                StateProvider = entry.State,
                OnOpened = args =>
                {
                    McpLog.CircuitOpened(_logger, server, McpFailures.Milliseconds(args.BreakDuration));
                    return ValueTask.CompletedTask;
                },
                OnHalfOpened = _ =>
                {
                    McpLog.CircuitHalfOpened(_logger, server);
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    McpLog.CircuitClosed(_logger, server);
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(new TimeoutStrategyOptions
            {
                TimeoutGenerator = args => ValueTask.FromResult(args.Context.Properties.GetValue(AttemptTimeoutKey, _options.CallTimeout)),
            });
    }

    /// <summary>A transient failure counts against the server, except what the caller caused: its own cancellation
    /// or deadline (the call's token fired), or an attempt timeout shorter than the server's configured one.</summary>
    internal static bool CountsAgainstServer(Exception failure, ResilienceContext context) =>
        !context.CancellationToken.IsCancellationRequested
        && !(failure is TimeoutRejectedException && context.Properties.GetValue(CallerDeadlineKey, false))
        && McpFailures.IsTransient(failure);

    private sealed class Entry
    {
        public CancellationTokenSource Reload { get; } = new();

        public CircuitBreakerStateProvider State { get; } = new();
    }
}
