using McpOrchestrator.Core.Health;
using McpOrchestrator.Core.Problems;
using McpOrchestrator.Functions.Http;
using McpOrchestrator.Functions.OpenApi;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace McpOrchestrator.Functions.Health;

/// <summary><c>GET /health</c> and the 30-second health timer.</summary>
public sealed partial class HealthFunctions(ServiceHealth health, HeartbeatStore heartbeats, ILogger<HealthFunctions> log)
{
    public const string TimerSchedule = "*/30 * * * * *";

    [Function("Health")]
    [PublicEndpoint]
    [OpenApiOperation("meta", "Liveness and dependencies",
        "200 when Table Storage answers, with each check and the health timer's last heartbeat; 503 problem+json with Retry-After otherwise.",
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

    [Function("HealthTimer")]
    public async Task RunHealthTimer([TimerTrigger(TimerSchedule)] TimerInfo timer, CancellationToken cancellationToken)
    {
        var beat = await heartbeats.RecordAsync(timer.IsPastDue, cancellationToken);
        if (timer.IsPastDue)
        {
            PastDue(log, beat.Beats);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Health timer ran late (beat {Beats}); at least one 30-second occurrence was missed")]
    private static partial void PastDue(ILogger logger, long beats);
}
