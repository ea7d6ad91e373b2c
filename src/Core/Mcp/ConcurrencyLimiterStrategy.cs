using Polly;

namespace McpOrchestrator.Core.Mcp;

/// <summary>Bounds concurrent executions with a semaphore and a bounded wait queue; see
/// <see cref="ConcurrencyLimiterOptions"/>.</summary>
internal sealed class ConcurrencyLimiterStrategy(ConcurrencyLimiterOptions options) : ResilienceStrategy, IDisposable
{
    private readonly SemaphoreSlim _permits = new(options.PermitLimit, options.PermitLimit);
    private readonly int _queueLimit = options.QueueLimit;
    private int _waiting;

    protected override async ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback, ResilienceContext context, TState state)
    {
        if (!_permits.Wait(0))
        {
            if (Interlocked.Increment(ref _waiting) > _queueLimit)
            {
                Interlocked.Decrement(ref _waiting);
                return Outcome.FromException<TResult>(new ConcurrencyLimitRejectedException());
            }

            try
            {
                await _permits.WaitAsync(context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
            }
            catch (OperationCanceledException exception)
            {
                return Outcome.FromException<TResult>(exception);
            }
            finally
            {
                Interlocked.Decrement(ref _waiting);
            }
        }

        try
        {
            return await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
        }
        finally
        {
            _permits.Release();
        }
    }

    public void Dispose() => _permits.Dispose();
}
