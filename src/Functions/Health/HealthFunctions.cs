using McpOrchestrator.Core.Health;
using McpOrchestrator.Core.Live;
using McpOrchestrator.Core.Problems;
using McpOrchestrator.Functions.Http;
using McpOrchestrator.Functions.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace McpOrchestrator.Functions.Health;

/// <summary><c>GET /health</c> and the 30-second health timer.</summary>
public sealed partial class HealthFunctions(ServiceHealth health, HeartbeatStore heartbeats, LiveHealthMonitor liveServers, ILogger<HealthFunctions> log)
{
    public const string TimerSchedule = "*/30 * * * * *";

    [Function("Health")]
    [PublicEndpoint]
    [OpenApiOperation("meta", "Liveness and dependencies",
        "200 when Table Storage answers, with each check, the health timer's last heartbeat and the live servers' up/down counts (from memory); 503 problem+json with Retry-After otherwise. Down MCP servers do not make the service unhealthy.",
        Response = typeof(HealthReport), Errors = [StatusCodes.Status503ServiceUnavailable])]
    public async Task<IActionResult> GetHealth(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request, CancellationToken cancellationToken)
    {
        var report = await health.CheckAsync(cancellationToken);
        if (report.IsHealthy)
        {
            return new OkObjectResult(report);
        }

        return new ProblemResult(new Problem
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Code = "service_unhealthy",
            Title = "Service unhealthy",
            Detail = $"A dependency is down: {report.Checks.Storage.Error} The service keeps running and recovers by itself; retry after {Problems.RetryAfterSeconds} seconds.",
            Headers = new Dictionary<string, string> { ["Retry-After"] = Problems.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            Extensions = new Dictionary<string, object?> { ["health"] = report.Status, ["checkedAt"] = report.CheckedAt, ["checks"] = report.Checks },
        });
    }

    /// <summary>Every 30 seconds: the heartbeat, then the live servers (<see cref="LiveHealthMonitor"/>: reconcile with
    /// the deployment, ping or list tools on each, record in Table Storage, mark down after 3 failures, reconnect what
    /// answers again). The servers are checked even when the heartbeat cannot be written; the run then fails with the
    /// heartbeat's error.</summary>
    [Function("HealthTimer")]
    public async Task RunHealthTimer([TimerTrigger(TimerSchedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        Exception? heartbeatFailure = null;
        try
        {
            var beat = await heartbeats.RecordAsync(timer.IsPastDue, cancellationToken);
            if (timer.IsPastDue)
            {
                PastDue(log, beat.Beats);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            heartbeatFailure = e;
        }

        await liveServers.RunAsync(cancellationToken);
        if (heartbeatFailure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(heartbeatFailure);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Health timer ran late (beat {Beats}); at least one 30-second occurrence was missed")]
    private static partial void PastDue(ILogger logger, long beats);
}
