namespace McpOrchestrator.Core.Mcp;

/// <summary>A failure to reach or use an MCP server. <see cref="Exception.Message"/> says what failed in words fit for
/// an API answer or a log line; it never carries env or header values (they are redacted). The SDK's exception, when
/// there is one, is the inner exception (for logs only: it may hold raw server output).</summary>
public sealed class McpServerException : Exception
{
    public McpServerException(string server, McpFailureKind kind, string message, Exception? innerException = null, TimeSpan? retryAfter = null)
        : base(message, innerException)
    {
        Server = server;
        Kind = kind;
        RetryAfter = retryAfter;
    }

    /// <summary>The server's configured name.</summary>
    public string Server { get; }

    public McpFailureKind Kind { get; }

    /// <summary>When a retry can succeed at the earliest (an open circuit's remaining break), if known.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The HTTP status the server answered, when <see cref="Kind"/> is <see cref="McpFailureKind.HttpError"/>.</summary>
    public int? HttpStatus { get; init; }

    /// <summary>The JSON-RPC error code when <see cref="Kind"/> is <see cref="McpFailureKind.ProtocolError"/>.</summary>
    public int? ErrorCode { get; init; }
}
