using System.ComponentModel;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using McpOrchestrator.Core.Configs;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace McpOrchestrator.Core.Mcp;

/// <summary>Turns what the SDK, sockets and processes throw into <see cref="McpServerException"/>s whose message says
/// what failed in plain words (redacted), and decides which failures are transient.</summary>
internal static class McpFailures
{
    private const int MaxStderrTailLines = 5;
    private const int MaxDetailLength = 500;
    private static readonly int BrokenPipe = OperatingSystem.IsWindows() ? 109 : 32; // ERROR_BROKEN_PIPE : EPIPE

    public static McpServerException Timeout(ServerConfig server, TimeSpan timeout, string phase) =>
        new(server.Name, McpFailureKind.Timeout, $"timeout after {Milliseconds(timeout)} ms {phase}");

    /// <summary>Describes a failure to connect and initialize (<paramref name="phase"/>: "while connecting", …).</summary>
    public static McpServerException Connect(ServerConfig server, Exception exception, SecretRedactor redactor, string phase)
    {
        switch (exception)
        {
            case McpServerException known:
                return known;
            case TimeoutException:
                return new(server.Name, McpFailureKind.Timeout, $"timeout {phase}: the server did not complete the MCP handshake in time", exception);
            case McpProtocolException protocol:
                return new(server.Name, McpFailureKind.InitializeFailed, $"initialize failed: {Clean(protocol.Message, redactor)} (JSON-RPC error {(int)protocol.ErrorCode})", exception)
                {
                    ErrorCode = (int)protocol.ErrorCode,
                };
        }

        if (Transport(server, exception, redactor, phase) is { } transport)
        {
            return transport;
        }

        return exception is McpException mcp
            ? new(server.Name, McpFailureKind.InitializeFailed, $"initialize failed: {Clean(mcp.Message, redactor)}", exception)
            : new(server.Name, McpFailureKind.Other, $"connect failed {phase}: {exception.GetType().Name}: {Clean(exception.Message, redactor)}", exception);
    }

    /// <summary>Describes a failure of an established session's call (tool call, listing, health check).</summary>
    public static McpServerException Call(ServerConfig server, Exception exception, SecretRedactor? redactor = null)
    {
        switch (exception)
        {
            case McpServerException known:
                return known;
            case McpProtocolException protocol:
                return new(server.Name, McpFailureKind.ProtocolError, $"the server answered JSON-RPC error {(int)protocol.ErrorCode}: {Clean(protocol.Message, redactor)}", exception)
                {
                    ErrorCode = (int)protocol.ErrorCode,
                };
            case BrokenCircuitException broken:
                return new(server.Name, McpFailureKind.CircuitOpen, "the server's circuit is open after repeated failures; calls are refused until it half-opens", exception, broken.RetryAfter);
            case ConcurrencyLimitRejectedException:
                return new(server.Name, McpFailureKind.Overloaded, "too many calls to the server are in flight or waiting; retry later", exception);
            case TimeoutRejectedException rejected:
                return new(server.Name, McpFailureKind.Timeout, $"timeout after {Milliseconds(rejected.Timeout)} ms waiting for the server's answer", exception);
        }

        return Transport(server, exception, redactor, "during the call")
            ?? (exception is McpException mcp
                ? new(server.Name, McpFailureKind.ProtocolError, Clean(mcp.Message, redactor), exception)
                : new(server.Name, McpFailureKind.Other, $"{exception.GetType().Name}: {Clean(exception.Message, redactor)}", exception));
    }

    /// <summary>True when the failure means the session itself is gone (the process exited, the connection was lost
    /// or refused, or HTTP 404: the server no longer knows the session), so it must be replaced by a new one. A slow
    /// answer or an HTTP 5xx does not end a session.</summary>
    public static bool IsSessionLost(McpServerException exception) =>
        exception.Kind is McpFailureKind.TransportLost or McpFailureKind.ProcessExited or McpFailureKind.ConnectionRefused or McpFailureKind.HostNotFound
        || (exception.Kind == McpFailureKind.HttpError && exception.HttpStatus == (int)HttpStatusCode.NotFound);

    /// <summary>Failures worth retrying and counted by the circuit breaker: the transport was lost, the attempt
    /// timed out, the server is (re)connecting, or HTTP answered 5xx (or 404/408/429 for a lost session or
    /// throttling). Never a tool's own error result, a JSON-RPC error answer, an open circuit or a full queue.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        TimeoutRejectedException => true,
        McpServerException known => known.Kind switch
        {
            McpFailureKind.TransportLost or McpFailureKind.ProcessExited or McpFailureKind.ConnectionRefused
                or McpFailureKind.HostNotFound or McpFailureKind.Timeout or McpFailureKind.Unavailable => true,
            McpFailureKind.HttpError => IsTransientStatus((HttpStatusCode?)known.HttpStatus),
            _ => false,
        },
        HttpRequestException http => http.StatusCode is null || IsTransientStatus(http.StatusCode),
        IOException or ObjectDisposedException => true,
        _ => false,
    };

    private static bool IsTransientStatus(HttpStatusCode? status) =>
        status is null or HttpStatusCode.NotFound or HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
        || (int)status >= 500;

    private static McpServerException? Transport(ServerConfig server, Exception exception, SecretRedactor? redactor, string phase)
    {
        if (Find<AddressNotAllowedException>(exception) is { } refused)
        {
            return NetworkGuard.Refused(server.Name, refused.Message);
        }

        if (exception is ClientTransportClosedException closed)
        {
            return closed.Details switch
            {
                StdioClientCompletionDetails stdio => new(server.Name, McpFailureKind.ProcessExited, ProcessExited(stdio, redactor, phase), exception),
                HttpClientCompletionDetails { HttpStatusCode: { } status } => HttpError(server, status, phase, exception),
                _ => new(server.Name, McpFailureKind.TransportLost, $"the connection closed {phase}", exception),
            };
        }

        if (server.Transport == Configs.Transport.Stdio && Find<Win32Exception>(exception) is { } win32 && win32.NativeErrorCode != BrokenPipe)
        {
            var reason = win32.NativeErrorCode switch
            {
                2 => $"command '{server.Command}' not found (check the command and the PATH of the service)",
                13 => $"permission denied running '{server.Command}'",
                _ => $"{win32.Message} running '{server.Command}'",
            };
            return new(server.Name, McpFailureKind.SpawnFailed, $"spawn failed: {Clean(reason, redactor)}", exception);
        }

        // A stdio server's only connection is its pipes: a write that meets a closed stdin (EPIPE, as a
        // Win32Exception or as an IOException, and "Pipe is broken" on every write after that one) means the process
        // exited or closed its stdin, as in a crash during initialize. A process that exits is transient, so
        // reconnects and retries apply.
        if (server.Transport == Configs.Transport.Stdio && (Find<Win32Exception>(exception) is not null || Find<IOException>(exception) is not null))
        {
            return new(server.Name, McpFailureKind.ProcessExited, $"the process exited or closed its stdin {phase} (broken pipe)", exception);
        }

        if (Find<SocketException>(exception) is { } socket)
        {
            return socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => new(server.Name, McpFailureKind.ConnectionRefused, $"connection refused: nothing listens at {HostAndPort(server)}", exception),
                SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData => new(server.Name, McpFailureKind.HostNotFound, $"host not found: {Host(server)}", exception),
                SocketError.TimedOut or SocketError.HostUnreachable or SocketError.NetworkUnreachable => new(server.Name, McpFailureKind.ConnectionRefused, $"cannot reach {HostAndPort(server)}: {socket.SocketErrorCode}", exception),
                _ => new(server.Name, McpFailureKind.TransportLost, $"connection to {HostAndPort(server)} failed {phase}: {socket.SocketErrorCode}", exception),
            };
        }

        return exception switch
        {
            HttpRequestException { StatusCode: { } status } => HttpError(server, status, phase, exception),
            HttpRequestException http => new(server.Name, McpFailureKind.TransportLost, $"HTTP request to {Endpoint(server)} failed {phase}: {Clean(http.Message, redactor)}", exception),
            IOException or ObjectDisposedException => new(server.Name, McpFailureKind.TransportLost, $"the connection was lost {phase}: {Clean(exception.Message, redactor)}", exception),
            _ => null,
        };
    }

    private static McpServerException HttpError(ServerConfig server, HttpStatusCode status, string phase, Exception exception) =>
        new(server.Name, McpFailureKind.HttpError, $"HTTP {(int)status} {status} from {Endpoint(server)} {phase}", exception) { HttpStatus = (int)status };

    internal static string ProcessExited(StdioClientCompletionDetails details, SecretRedactor? redactor, string phase)
    {
        var code = details.ExitCode is { } exit ? exit.ToString(CultureInfo.InvariantCulture) : "unknown";
        var tail = details.StandardErrorTail is { Count: > 0 } lines
            ? "; stderr: " + Clean(string.Join(" | ", lines.TakeLast(MaxStderrTailLines)), redactor)
            : string.Empty;
        return $"the process exited with code {code} {phase}{tail}";
    }

    /// <summary>The server's URL as it may appear in messages: scheme, host, port and path (no user info, no query).</summary>
    internal static string Endpoint(ServerConfig server) =>
        Uri.TryCreate(server.Url, UriKind.Absolute, out var uri)
            ? $"{uri.Scheme}://{HostAndPort(uri)}{uri.AbsolutePath}"
            : "(invalid URL)";

    private static string HostAndPort(ServerConfig server) =>
        Uri.TryCreate(server.Url, UriKind.Absolute, out var uri) ? HostAndPort(uri) : "(invalid URL)";

    private static string HostAndPort(Uri uri) => $"{uri.Host}:{uri.Port.ToString(CultureInfo.InvariantCulture)}";

    private static string Host(ServerConfig server) =>
        Uri.TryCreate(server.Url, UriKind.Absolute, out var uri) ? uri.Host : "(invalid URL)";

    private static T? Find<T>(Exception exception) where T : Exception
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is T found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>Redacts, flattens to one line and caps the length of text that came from a server or the SDK.</summary>
    internal static string Clean(string text, SecretRedactor? redactor)
    {
        var line = (redactor?.Redact(text) ?? text).ReplaceLineEndings(" ").Trim();
        return line.Length <= MaxDetailLength ? line : string.Concat(line.AsSpan(0, MaxDetailLength), "…");
    }

    internal static long Milliseconds(TimeSpan span) => (long)span.TotalMilliseconds;
}
