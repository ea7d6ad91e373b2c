using Microsoft.Extensions.Logging;

namespace McpOrchestrator.Core.Live;

/// <summary>Log events of live orchestration. Server and tool names, counts, versions, durations and redacted reasons
/// only: never tool arguments or results, never env or header values.</summary>
internal static partial class LiveLog
{
    [LoggerMessage(EventId = 801, Level = LogLevel.Information, Message = "Live set orchestrator/{Profile} reconciled to {Deployed}: {Added} added, {Removed} removed, {Reconnected} reconnected, {FiltersUpdated} tool filters updated, {Unchanged} unchanged")]
    public static partial void Reconciled(ILogger logger, string profile, string deployed, int added, int removed, int reconnected, int filtersUpdated, int unchanged);

    [LoggerMessage(EventId = 802, Level = LogLevel.Warning, Message = "Could not reconcile live set orchestrator/{Profile}; the live connections stay as they are: {Reason}")]
    public static partial void ReconcileFailed(ILogger logger, string profile, string reason);

    [LoggerMessage(EventId = 803, Level = LogLevel.Warning, Message = "Deployed payload of orchestrator/{Profile} version {Version} lists server {Server} twice; the first entry is used")]
    public static partial void DuplicateServer(ILogger logger, string profile, int? version, string server);

    [LoggerMessage(EventId = 804, Level = LogLevel.Information, Message = "Stopping {Count} live connections (in-flight calls get {DrainMs} ms)")]
    public static partial void Stopping(ILogger logger, int count, long drainMs);

    [LoggerMessage(EventId = 805, Level = LogLevel.Information, Message = "Live connections stopped in {ElapsedMs} ms")]
    public static partial void Stopped(ILogger logger, long elapsedMs);

    [LoggerMessage(EventId = 814, Level = LogLevel.Warning, Message = "Live connections not all stopped within {BoundMs} ms; still ending in the background: {Servers}")]
    public static partial void StopOverran(ILogger logger, long boundMs, string servers);

    [LoggerMessage(EventId = 815, Level = LogLevel.Warning, Message = "The host's shutdown timeout ended the wait for live connections; still ending in the background: {Servers}")]
    public static partial void StopAbandoned(ILogger logger, string servers);

    [LoggerMessage(EventId = 806, Level = LogLevel.Warning, Message = "Stopping live connection {Server} failed: {Reason}")]
    public static partial void StopFailed(ILogger logger, string server, string reason);

    [LoggerMessage(EventId = 807, Level = LogLevel.Warning, Message = "Starting live connection {Server} failed: {Reason}")]
    public static partial void StartFailed(ILogger logger, string server, string reason);

    [LoggerMessage(EventId = 808, Level = LogLevel.Information, Message = "Health check of {Count} live servers: {Up} up, {Failed} failed, {Down} down, in {ElapsedMs} ms")]
    public static partial void HealthChecked(ILogger logger, int count, int up, int failed, int down, long elapsedMs);

    [LoggerMessage(EventId = 809, Level = LogLevel.Warning, Message = "Could not record the health of live servers in Table Storage: {Reason}")]
    public static partial void HealthNotRecorded(ILogger logger, string reason);

    [LoggerMessage(EventId = 811, Level = LogLevel.Warning, Message = "Version {Version} of orchestrator/{Profile} is deployed but the live set could not follow it yet (the health timer retries within 30 s): {Reason}")]
    public static partial void ReconcileAfterDeployFailed(ILogger logger, string profile, int version, string reason);

    [LoggerMessage(EventId = 810, Level = LogLevel.Debug, Message = "Tool call {Server}/{Tool} failed ({Code}): {Reason}")]
    public static partial void CallFailed(ILogger logger, string server, string tool, string code, string reason);

    [LoggerMessage(EventId = 812, Level = LogLevel.Warning, Message = "The input schema of {Server}/{Tool} cannot be used to check arguments, so its calls go to the server unchecked: {Reason}")]
    public static partial void InputSchemaUnusable(ILogger logger, string server, string tool, string reason);

    [LoggerMessage(EventId = 813, Level = LogLevel.Warning, Message = "Listing {What} of the live servers skips {Server}: {Reason}")]
    public static partial void ListingSkipped(ILogger logger, string server, string what, string reason);
}
