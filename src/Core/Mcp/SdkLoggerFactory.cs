using Microsoft.Extensions.Logging;

namespace McpOrchestrator.Core.Mcp;

/// <summary>
/// The logger factory handed to the MCP SDK for one server. Everything the SDK logs passes through
/// <see cref="SecretRedactor"/> (message and exception text), because SDK exceptions quote a crashed server's stderr.
/// It drops the SDK's own copy of every stderr line ("received stderr log", at Information): the connector logs those
/// itself at Debug. It lowers the SDK's connect-failure errors to Debug: the connector reports each failure once, as
/// a warning with a sanitized reason, and a server that is down must not fill the log with stack traces.
/// </summary>
internal sealed class SdkLoggerFactory(ILoggerFactory inner, SecretRedactor redactor) : ILoggerFactory
{
    private static readonly HashSet<string> Dropped = new(StringComparer.Ordinal) { "LogReadStderr" };

    private static readonly HashSet<string> Lowered = new(StringComparer.Ordinal)
    {
        "LogClientInitializationError",
        "LogClientInitializationTimeout",
        "LogTransportConnectFailed",
        "LogTransportProcessStartFailed",
        "LogStreamableHttpFailed",
        "LogSseFallbackFailedAfterStreamableHttp",
        "LogTransportReadMessagesFailed",
        "LogSendingRequestFailed",
    };

    public ILogger CreateLogger(string categoryName) => new Logger(inner.CreateLogger(categoryName), redactor);

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose()
    {
        // The inner factory belongs to the host.
    }

    private sealed class Logger(ILogger inner, SecretRedactor redactor) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Name is { } name)
            {
                if (Dropped.Contains(name))
                {
                    return;
                }

                if (Lowered.Contains(name) && logLevel > LogLevel.Debug)
                {
                    logLevel = LogLevel.Debug;
                }
            }

            if (!inner.IsEnabled(logLevel))
            {
                return;
            }

            var redacted = exception is null ? null : new RedactedException(exception, redactor);
            inner.Log(logLevel, eventId, state, redacted, (s, _) => redactor.Redact(formatter(s, exception)));
        }
    }

    /// <summary>Stands in for an SDK exception in a log entry: same type name and stack, values redacted.</summary>
    private sealed class RedactedException(Exception original, SecretRedactor redactor)
        : Exception(redactor.Redact(original.Message))
    {
        public override string? StackTrace => original.StackTrace;

        public override string ToString() => redactor.Redact(original.ToString());
    }
}
