using System.Text.Json;
using McpOrchestrator.Core.Configs;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpOrchestrator.Core.Mcp;

/// <summary>
/// One established MCP session with one server (made by <see cref="McpConnector"/>): what the server said about itself,
/// its tools, a health check, and tool calls whose cancellation reaches the server. Every failure surfaces as
/// <see cref="McpServerException"/> (a cancelled call as <see cref="OperationCanceledException"/>). Disposing it ends the
/// session: over stdio the process gets <see cref="McpOptions.StdioShutdownTimeout"/> to exit after its stdin closes,
/// then its whole process tree is killed.
/// </summary>
public sealed class ServerSession : IAsyncDisposable
{
    private readonly McpClient _client;
    private readonly TrackingClientTransport? _tracking;
    private readonly IAsyncDisposable? _httpTransport;
    private readonly SecretRedactor _redactor;
    private readonly ILogger _logger;
    private int _pingUnsupported;
    private int _disposed;

    internal ServerSession(
        ServerConfig server,
        McpClient client,
        TrackingClientTransport? tracking,
        IAsyncDisposable? httpTransport,
        SecretRedactor redactor,
        SessionNotifications notifications,
        ILogger logger)
    {
        Server = server;
        _client = client;
        _tracking = tracking;
        _httpTransport = httpTransport;
        _redactor = redactor;
        _logger = logger;
        notifications.ToolsChanged += () => ToolsChanged?.Invoke();
        Closed = DescribeClosedAsync();
    }

    /// <summary>Raised (on a thread-pool thread) when the server sends <c>notifications/tools/list_changed</c>.</summary>
    public event Action? ToolsChanged;

    public ServerConfig Server { get; }

    public string Name => Server.Name;

    /// <summary>The server's own name and version from the handshake.</summary>
    public Implementation? ServerInfo => _client.ServerInfo;

    public string? ProtocolVersion => _client.NegotiatedProtocolVersion;

    /// <summary>True until the session ends (the server went away or it was disposed).</summary>
    public bool IsConnected => Volatile.Read(ref _disposed) == 0 && !_client.Completion.IsCompleted;

    /// <summary>Completes when the session ends, with what ended it: a redacted description (the process exited with
    /// code 3; stderr: …) or null when it was closed by disposal.</summary>
    public Task<string?> Closed { get; }

    /// <summary>The SDK client, for what this type does not cover. Calls made on it bypass the redaction of this
    /// type.</summary>
    public McpClient Client => _client;

    /// <summary>Every tool the server lists (all pages).</summary>
    public async Task<IReadOnlyList<Tool>> ListToolsAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var tools = await _client.ListToolsAsync(cancellationToken: cancellationToken);
            return [.. tools.Select(t => t.ProtocolTool)];
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw Failure(exception);
        }
    }

    /// <summary>Asks the server whether it is alive: <c>ping</c>, or <c>tools/list</c> once the server has answered that
    /// it does not know ping (then ping is not tried again in this session).</summary>
    public async Task<HealthCheckMethod> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            if (Volatile.Read(ref _pingUnsupported) == 0)
            {
                try
                {
                    await _client.PingAsync(cancellationToken: cancellationToken);
                    return HealthCheckMethod.Ping;
                }
                catch (McpProtocolException exception) when (exception.ErrorCode == McpErrorCode.MethodNotFound)
                {
                    Volatile.Write(ref _pingUnsupported, 1);
                    McpLog.PingUnsupported(_logger, Name, ProtocolVersion);
                }
            }

            await _client.ListToolsAsync(cancellationToken: cancellationToken);
            return HealthCheckMethod.ListTools;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw Failure(exception);
        }
    }

    /// <summary>
    /// Calls a tool. A result with <c>isError: true</c> is an answer and is returned as such. When
    /// <paramref name="cancellationToken"/> fires, the call is abandoned and the SDK sends the server
    /// <c>notifications/cancelled</c> for it (over stdio too since 2.4.0), so the tool stops there too.
    /// </summary>
    public async Task<CallToolResult> CallToolAsync(string tool, IReadOnlyDictionary<string, JsonElement>? arguments, CancellationToken cancellationToken = default)
    {
        var request = new CallToolRequestParams
        {
            Name = tool,
            Arguments = arguments is null ? null : new Dictionary<string, JsonElement>(arguments, StringComparer.Ordinal),
        };
        try
        {
            return await _client.CallToolAsync(request, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw Failure(exception);
        }
    }

    /// <summary>Sends one request the methods above do not cover (resources, prompts) through the SDK client, with
    /// this type's failure mapping and redaction.</summary>
    public async Task<T> RequestAsync<T>(Func<McpClient, CancellationToken, ValueTask<T>> request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return await request(_client, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw Failure(exception);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            await _client.DisposeAsync();
        }
        catch (Exception exception)
        {
            McpLog.CloseFailed(_logger, Name, McpFailures.Clean(exception.Message, _redactor));
        }

        try
        {
            if (_tracking is not null)
            {
                await _tracking.DisposeConnectedAsync();
            }

            if (_httpTransport is not null)
            {
                await _httpTransport.DisposeAsync();
            }
        }
        catch (Exception exception)
        {
            McpLog.CloseFailed(_logger, Name, McpFailures.Clean(exception.Message, _redactor));
        }
    }

    /// <summary>A cancellation the caller did not ask for is the SDK abandoning its pending requests because the
    /// session ended (the process exited, the connection dropped).</summary>
    private McpServerException Failure(Exception exception) =>
        exception is OperationCanceledException
            ? new McpServerException(Name, McpFailureKind.TransportLost, "the session closed during the call", exception)
            : McpFailures.Call(Server, exception, _redactor);

    private async Task<string?> DescribeClosedAsync()
    {
        ClientCompletionDetails details;
        try
        {
            details = await _client.Completion;
        }
        catch (Exception exception)
        {
            // Documented never to fault; if it does, the session is over all the same.
            return Volatile.Read(ref _disposed) == 1 ? null : McpFailures.Call(Server, exception, _redactor).Message;
        }

        if (Volatile.Read(ref _disposed) == 1)
        {
            return null;
        }

        return details switch
        {
            StdioClientCompletionDetails stdio => McpFailures.ProcessExited(stdio, _redactor, "after start-up"),
            HttpClientCompletionDetails { HttpStatusCode: { } status } => $"HTTP {(int)status} {status} from {McpFailures.Endpoint(Server)}",
            { Exception: { } exception } => McpFailures.Call(Server, exception, _redactor).Message,
            _ => "the server closed the session",
        };
    }
}
