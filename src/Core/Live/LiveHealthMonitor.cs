using McpOrchestrator.Core.Mcp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpOrchestrator.Core.Live;

/// <summary>
/// The live half of the 30-second health timer. Each run reconciles the live set (so a deploy made through another
/// instance is live here within one period), then checks every live server at once (up to
/// <see cref="LiveOptions.HealthCheckParallel"/>, each holding a slot of the instance's <see cref="ProbeLimiter"/>) with <see cref="LiveConnection.CheckHealthAsync"/>: MCP ping, or
/// tools/list where ping is not supported, within <c>McpOrchestrator__Mcp__HealthCheckTimeout</c>. A server that is not
/// connected is connected first, so a server that answers again is reconnected by the check; after
/// <c>McpOrchestrator__Mcp__HealthFailureThreshold</c> (3) failures in a row it is down until a check succeeds. The
/// results go to <see cref="ServerHealthStore"/>. A failure to read the deployment or to write the results is logged
/// and reported, never thrown: the servers are checked whatever storage does.
/// </summary>
public sealed class LiveHealthMonitor(LiveSet live, ServerHealthStore store, ProbeLimiter limiter, IOptions<LiveOptions> options, TimeProvider clock, ILogger<LiveHealthMonitor> logger)
{
    public async Task<LiveHealthRun> RunAsync(CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        ReconcileResult? reconcile = null;
        string? reconcileError = null;
        try
        {
            reconcile = await live.ReconcileAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Logged by the live set; check what is live all the same.
            reconcileError = exception.Message;
        }

        var connections = live.Connections;
        var checks = new HealthCheckResult[connections.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, connections.Count),
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.HealthCheckParallel, CancellationToken = cancellationToken },
            async (index, token) =>
            {
                using var slot = await limiter.EnterWaitingAsync(token);
                checks[index] = await connections[index].CheckHealthAsync(token);
            });

        // A connection a concurrent reconcile replaced or removed meanwhile is no longer this server's record.
        var records = connections
            .Select((connection, index) => (connection, check: checks[index]))
            .Where(c => ReferenceEquals(live.Find(c.connection.Name), c.connection))
            .Select(c => store.Record(c.check, c.connection.GetStatus()))
            .ToList();
        string? recordError = null;
        try
        {
            await store.RecordAsync(records, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            recordError = exception.Message;
            LiveLog.HealthNotRecorded(logger, exception.Message);
        }

        LiveLog.HealthChecked(
            logger,
            checks.Length,
            checks.Count(c => c.Ok),
            checks.Count(c => !c.Ok),
            checks.Count(c => c.Down),
            (long)clock.GetElapsedTime(started).TotalMilliseconds);
        return new LiveHealthRun { Reconcile = reconcile, ReconcileError = reconcileError, Checks = checks, RecordError = recordError };
    }
}
