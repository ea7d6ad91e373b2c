using Azure;

namespace McpOrchestrator.LocalRuntime.Durable;

/// <summary>Keeps a lease while work runs: renews it every third of its length, conditional on the ETag of the last
/// renewal. <see cref="StopAsync"/> ends the renewals and returns the ETag to write with, or null when the lease was lost.</summary>
internal sealed class LeaseRenewal : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewing;
    private readonly Lock _gate = new();
    private ETag? _current;

    public LeaseRenewal(ETag etag, TimeSpan lease, TimeProvider clock, Func<ETag, DateTimeOffset, CancellationToken, Task<ETag?>> renew)
    {
        _current = etag;
        _renewing = RenewAsync(lease, clock, renew);
    }

    public async Task<ETag?> StopAsync()
    {
        await _stop.CancelAsync();
        await _renewing;
        lock (_gate)
        {
            return _current;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task RenewAsync(TimeSpan lease, TimeProvider clock, Func<ETag, DateTimeOffset, CancellationToken, Task<ETag?>> renew)
    {
        var interval = lease / 3;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, clock, _stop.Token);
                ETag current;
                lock (_gate)
                {
                    if (_current is null)
                    {
                        return;
                    }

                    current = _current.Value;
                }

                // Not cancelled by StopAsync: a renewal cut off mid-flight could change the ETag without our knowing it.
                var renewed = await renew(current, clock.GetUtcNow() + lease, CancellationToken.None);
                lock (_gate)
                {
                    _current = renewed;
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is RequestFailedException or McpOrchestrator.Core.Storage.StorageUnavailableException)
            {
                // Storage hiccup: try again at the next interval; the lease is lost only if it expires meanwhile.
            }
        }
    }
}
