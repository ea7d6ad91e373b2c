using System.Diagnostics;
using McpOrchestrator.Core.Live;
using McpOrchestrator.Core.Mcp;
using McpOrchestrator.Core.Signing;
using McpOrchestrator.Core.Storage;

namespace McpOrchestrator.Core.Health;

/// <summary>Checks the service's dependencies for <c>GET /health</c>. A check never throws: a dependency that fails
/// or does not answer within <see cref="CheckTimeout"/> is reported down, so /health answers quickly even when
/// storage hangs, and reports up again as soon as storage is back, with no restart. The live servers' counts come from
/// memory (<paramref name="live"/>), so they cost nothing.</summary>
public sealed class ServiceHealth(HeartbeatStore heartbeats, SigningKeyService signing, TimeProvider clock, LiveSet? live = null)
{
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(3);

    public async Task<HealthReport> CheckAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        StorageCheck storage;
        Heartbeat? heartbeat = null;
        SigningKeyStatus? signingStatus = null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CheckTimeout);
        try
        {
            var heartbeatRead = heartbeats.GetAsync(timeout.Token);
            var signingRead = signing.GetStatusAsync(timeout.Token);
            await Task.WhenAll(heartbeatRead, signingRead);
            heartbeat = heartbeatRead.Result;
            signingStatus = signingRead.Result;
            storage = new StorageCheck(HealthStatus.Up, ElapsedMs(started));
        }
        catch (StorageUnavailableException e)
        {
            storage = new StorageCheck(HealthStatus.Down, ElapsedMs(started), e.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            storage = new StorageCheck(HealthStatus.Down, ElapsedMs(started), $"Table Storage did not answer within {CheckTimeout.TotalSeconds:0} s.");
        }
        catch (Azure.RequestFailedException e)
        {
            storage = new StorageCheck(HealthStatus.Down, ElapsedMs(started), $"Table Storage refused the request: {e.Status} {e.ErrorCode}.");
        }

        return new HealthReport
        {
            Status = storage.IsUp ? HealthStatus.Healthy : HealthStatus.Unhealthy,
            CheckedAt = clock.GetUtcNow(),
            Checks = new HealthChecks { Storage = storage, Heartbeat = heartbeat, Signing = signingStatus, LiveServers = CountLiveServers() },
        };
    }

    private LiveServersCheck? CountLiveServers()
    {
        if (live is null)
        {
            return null;
        }

        var statuses = live.Connections.Select(c => c.GetStatus()).ToList();
        var down = statuses.Count(s => s.Down);
        var up = statuses.Count(s => !s.Down && s.State == LiveConnectionState.Connected);
        return new LiveServersCheck(live.Profile, statuses.Count, up, down, statuses.Count - up - down);
    }

    private static long ElapsedMs(long started) => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}
