using Microsoft.Extensions.Logging;

namespace McpOrchestrator.Core.Mcp;

/// <summary>Log events of MCP connectivity. Server names, tool names, counts, durations and redacted reasons only:
/// never an env or header value, never tool arguments or results.</summary>
internal static partial class McpLog
{
    [LoggerMessage(EventId = 701, Level = LogLevel.Debug, Message = "MCP server {Server} stderr: {Line}")]
    public static partial void ServerStderr(ILogger logger, string server, string line);

    [LoggerMessage(EventId = 702, Level = LogLevel.Information, Message = "Connected to MCP server {Server} over {Transport} in {ElapsedMs} ms: {ServerName} {ServerVersion}, protocol {ProtocolVersion}")]
    public static partial void Connected(ILogger logger, string server, string transport, long elapsedMs, string? serverName, string? serverVersion, string? protocolVersion);

    [LoggerMessage(EventId = 703, Level = LogLevel.Warning, Message = "Could not connect to MCP server {Server}: {Reason}")]
    public static partial void ConnectFailed(ILogger logger, string server, string reason);

    [LoggerMessage(EventId = 704, Level = LogLevel.Warning, Message = "Connection to MCP server {Server} lost: {Reason}")]
    public static partial void ConnectionLost(ILogger logger, string server, string reason);

    [LoggerMessage(EventId = 705, Level = LogLevel.Information, Message = "Reconnecting to MCP server {Server} in {DelayMs} ms (attempt {Attempt})")]
    public static partial void Reconnecting(ILogger logger, string server, long delayMs, int attempt);

    [LoggerMessage(EventId = 708, Level = LogLevel.Debug, Message = "MCP server {Server} does not support ping (protocol {ProtocolVersion}); health checks list tools instead")]
    public static partial void PingUnsupported(ILogger logger, string server, string? protocolVersion);

    [LoggerMessage(EventId = 709, Level = LogLevel.Warning, Message = "Health check of MCP server {Server} failed ({ConsecutiveFailures} in a row): {Reason}")]
    public static partial void HealthCheckFailed(ILogger logger, string server, int consecutiveFailures, string reason);

    [LoggerMessage(EventId = 710, Level = LogLevel.Warning, Message = "MCP server {Server} is down after {ConsecutiveFailures} failed health checks")]
    public static partial void ServerDown(ILogger logger, string server, int consecutiveFailures);

    [LoggerMessage(EventId = 711, Level = LogLevel.Information, Message = "MCP server {Server} is up again")]
    public static partial void ServerUp(ILogger logger, string server);

    [LoggerMessage(EventId = 712, Level = LogLevel.Warning, Message = "Circuit of MCP server {Server} opened for {BreakMs} ms")]
    public static partial void CircuitOpened(ILogger logger, string server, long breakMs);

    [LoggerMessage(EventId = 713, Level = LogLevel.Information, Message = "Circuit of MCP server {Server} half-open: letting a trial call through")]
    public static partial void CircuitHalfOpened(ILogger logger, string server);

    [LoggerMessage(EventId = 714, Level = LogLevel.Information, Message = "Circuit of MCP server {Server} closed")]
    public static partial void CircuitClosed(ILogger logger, string server);

    [LoggerMessage(EventId = 715, Level = LogLevel.Debug, Message = "Retrying call to MCP server {Server} in {DelayMs} ms (retry {Retry}): {Reason}")]
    public static partial void Retrying(ILogger logger, string server, long delayMs, int retry, string reason);

    [LoggerMessage(EventId = 716, Level = LogLevel.Warning, Message = "Stopping MCP server {Server}: {InFlight} calls still running after the drain timeout are cancelled")]
    public static partial void DrainTimedOut(ILogger logger, string server, int inFlight);

    [LoggerMessage(EventId = 717, Level = LogLevel.Debug, Message = "MCP server {Server} lists {ToolCount} tools")]
    public static partial void ToolsListed(ILogger logger, string server, int toolCount);

    [LoggerMessage(EventId = 718, Level = LogLevel.Debug, Message = "Probe of MCP server {Server}: ok={Ok} in {ElapsedMs} ms {Error}")]
    public static partial void Probed(ILogger logger, string server, bool ok, long elapsedMs, string? error);

    [LoggerMessage(EventId = 719, Level = LogLevel.Debug, Message = "Closing the session with MCP server {Server} failed: {Reason}")]
    public static partial void CloseFailed(ILogger logger, string server, string reason);

    [LoggerMessage(EventId = 720, Level = LogLevel.Debug, Message = "Could not refresh the tools of MCP server {Server}: {Reason}")]
    public static partial void ToolsRefreshFailed(ILogger logger, string server, string reason);

    [LoggerMessage(EventId = 721, Level = LogLevel.Warning, Message = "MCP server {Server}: environment variable {Variable} is not passed on (a loader or injection hook the service never sets for a server)")]
    public static partial void EnvDropped(ILogger logger, string server, string variable);

    [LoggerMessage(EventId = 722, Level = LogLevel.Information, Message = "Probe of MCP server {Server} skipped: {Reason}")]
    public static partial void ProbeSkipped(ILogger logger, string server, string reason);
}
