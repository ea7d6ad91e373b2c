using System.Reflection;
using McpOrchestrator.Core.Configs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpOrchestrator.Core.Mcp;

/// <summary>
/// Opens MCP sessions to configured servers, each only after <see cref="LaunchPolicy"/> allows it (a stdio command an
/// administrator approved; a URL whose addresses may be reached): stdio (a child process with only the basic
/// environment plus the entry's env minus <see cref="InjectionVariables"/>, its stderr in our log at Debug; the
/// command and each argument are given to the OS as they are, never through a shell; on Linux in a process group of its
/// own, killed whole when the session ends: <see cref="StdioProcessGroup"/>), streamable HTTP and SSE (an <see cref="HttpClient"/> from
/// <see cref="IHttpClientFactory"/>, the entry's headers on every request). Env and header references are resolved
/// from configuration at every connect, and their values never appear in logs or error messages. A connect that
/// fails, times out or is cancelled leaves no process behind.
/// </summary>
public sealed class McpConnector(
    LaunchPolicy policy,
    ReferenceResolver references,
    IHttpClientFactory httpClientFactory,
    IOptions<McpOptions> options,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory)
{
    /// <summary>The named <see cref="HttpClient"/> used for HTTP and SSE servers.</summary>
    public const string HttpClientName = "McpOrchestrator.Mcp";

    private static readonly Implementation ClientInfo = new()
    {
        Name = "mcp-orchestrator",
        Version = typeof(McpConnector).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "1.0.0",
    };

    private static readonly System.Buffers.SearchValues<char> WindowsShellCharacters = System.Buffers.SearchValues.Create("&|<>^%\"\r\n");

    private readonly ILogger _logger = loggerFactory.CreateLogger<McpConnector>();

    /// <summary>Connects and initializes within <see cref="McpOptions.ConnectTimeout"/>.</summary>
    public Task<ServerSession> ConnectAsync(ServerConfig server, CancellationToken cancellationToken = default) =>
        ConnectAsync(server, options.Value.ConnectTimeout, cancellationToken);

    /// <summary>Connects and initializes within <paramref name="timeout"/>. Throws <see cref="McpServerException"/>
    /// saying what failed, or <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/>
    /// fires.</summary>
    public Task<ServerSession> ConnectAsync(ServerConfig server, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        ConnectAsync(server, timeout, options.Value.StdioShutdownTimeout, cancellationToken);

    internal async Task<ServerSession> ConnectAsync(ServerConfig server, TimeSpan timeout, TimeSpan shutdownTimeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        ResolvedValues resolved;
        try
        {
            if (await policy.CheckAsync(server, cancellationToken) is { } refused)
            {
                throw refused;
            }

            resolved = references.Resolve(server);
        }
        catch (McpServerException failure)
        {
            McpLog.ConnectFailed(_logger, server.Name, failure.Message);
            throw;
        }

        using var deadline = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var started = timeProvider.GetTimestamp();
        // The SDK cancels its server/discover probe when DiscoverProbeTimeout expires (notifications/cancelled, since
        // 2.4.0), so a server slow to start no longer answers it late and then refuses the initialize that follows.
        var discoverTimeout = options.Value.DiscoverProbeTimeout < timeout ? options.Value.DiscoverProbeTimeout : timeout;
        try
        {
            var session = await ConnectOnceAsync(server, resolved, timeout, shutdownTimeout, discoverTimeout, linked.Token);
            McpLog.Connected(
                _logger,
                server.Name,
                server.Transport.ToString().ToLowerInvariant(),
                McpFailures.Milliseconds(timeProvider.GetElapsedTime(started)),
                session.ServerInfo?.Name,
                session.ServerInfo?.Version,
                session.ProtocolVersion);
            return session;
        }
        catch (Exception exception)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var failure = exception is OperationCanceledException && deadline.IsCancellationRequested
                ? McpFailures.Timeout(server, timeout, "while connecting and initializing")
                : McpFailures.Connect(server, exception, resolved.Redactor, "while connecting and initializing");
            McpLog.ConnectFailed(_logger, server.Name, failure.Message);
            throw failure;
        }
    }

    private async Task<ServerSession> ConnectOnceAsync(
        ServerConfig server, ResolvedValues resolved, TimeSpan timeout, TimeSpan shutdownTimeout, TimeSpan discoverTimeout, CancellationToken cancellationToken)
    {
        var sdkLoggerFactory = new SdkLoggerFactory(loggerFactory, resolved.Redactor);
        var notifications = new SessionNotifications();
        var (transport, tracking, httpTransport) = CreateTransport(server, resolved, timeout, shutdownTimeout, sdkLoggerFactory);
        var clientOptions = new McpClientOptions
        {
            ClientInfo = ClientInfo,
            InitializationTimeout = timeout,
            DiscoverProbeTimeout = discoverTimeout,
            Handlers = new McpClientHandlers
            {
                NotificationHandlers =
                [
                    new(NotificationMethods.ToolListChangedNotification, (_, _) => notifications.OnToolsChangedAsync()),
                ],
            },
        };

        try
        {
            var client = await McpClient.CreateAsync(transport, clientOptions, sdkLoggerFactory, cancellationToken);
            return new ServerSession(server, client, tracking, httpTransport, resolved.Redactor, notifications, _logger);
        }
        catch
        {
            if (tracking is not null)
            {
                await tracking.DisposeConnectedAsync();
            }

            if (httpTransport is not null)
            {
                await httpTransport.DisposeAsync();
            }

            throw;
        }
    }

    private (IClientTransport Transport, TrackingClientTransport? Tracking, HttpClientTransport? Http) CreateTransport(
        ServerConfig server, ResolvedValues resolved, TimeSpan timeout, TimeSpan shutdownTimeout, ILoggerFactory sdkLoggerFactory)
    {
        if (server.Transport == Transport.Stdio)
        {
            if (string.IsNullOrWhiteSpace(server.Command))
            {
                throw new McpServerException(server.Name, McpFailureKind.InvalidConfig, "a stdio server needs a command");
            }

            var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
            if (!options.Value.InheritEnvironment)
            {
                foreach (var (name, value) in StdioClientTransportOptions.GetDefaultEnvironmentVariables())
                {
                    environment[name] = value;
                }
            }

            foreach (var (name, value) in resolved.Env)
            {
                if (InjectionVariables.IsForbidden(name))
                {
                    McpLog.EnvDropped(_logger, server.Name, name);
                    continue;
                }

                environment[name] = value;
            }

            // On Windows the SDK starts every command but cmd.exe as 'cmd.exe /c command args…', so cmd's
            // metacharacters in an argument would be read by a shell; no shell is involved elsewhere.
            if (OperatingSystem.IsWindows() && server.Args.Prepend(server.Command).Any(a => a.AsSpan().ContainsAny(WindowsShellCharacters)))
            {
                throw new McpServerException(server.Name, McpFailureKind.InvalidConfig,
                    "on Windows the command and its arguments pass through cmd.exe, and one holds a character cmd reads (& | < > ^ % \" or a line break); remove it or wrap the server in a script");
            }

            // A group of its own, so that a daemon the server double-forks is killed with it (see StdioProcessGroup).
            var grouped = StdioProcessGroup.Wrap(server.Command, server.Args);
            string? launch = null;
            if (grouped is not null)
            {
                launch = Guid.NewGuid().ToString("N");
                environment[StdioProcessGroup.LaunchVariable] = launch;
            }

            var redactor = resolved.Redactor;
            var stdio = new StdioClientTransport(
                new StdioClientTransportOptions
                {
                    Name = server.Name,
                    Command = grouped?.Command ?? server.Command,
                    Arguments = grouped?.Arguments ?? [.. server.Args],
                    InheritEnvironmentVariables = options.Value.InheritEnvironment,
                    EnvironmentVariables = environment,
                    ShutdownTimeout = shutdownTimeout,
                    StandardErrorLines = line => McpLog.ServerStderr(_logger, server.Name, redactor.Redact(line)),
                },
                sdkLoggerFactory);
            var tracking = new TrackingClientTransport(stdio, launch);
            return (tracking, tracking, null);
        }

        if (!Uri.TryCreate(server.Url, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            throw new McpServerException(server.Name, McpFailureKind.InvalidConfig, "an HTTP or SSE server needs an absolute http(s) URL");
        }

        var http = new HttpClientTransport(
            new HttpClientTransportOptions
            {
                Name = server.Name,
                Endpoint = endpoint,
                TransportMode = server.Transport == Transport.Sse ? HttpTransportMode.Sse : HttpTransportMode.StreamableHttp,
                AdditionalHeaders = new Dictionary<string, string>(resolved.Headers, StringComparer.OrdinalIgnoreCase),
                ConnectionTimeout = timeout,
            },
            httpClientFactory.CreateClient(HttpClientName),
            sdkLoggerFactory,
            ownsHttpClient: true);
        return (http, null, http);
    }
}
