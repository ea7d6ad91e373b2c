using System.Text.Json;
using McpOrchestrator.Core.Configs;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Polly;

namespace McpOrchestrator.Core.Mcp;

/// <summary>
/// The service's standing connection to one deployed server. Tool calls go through the server's resilience pipeline
/// (<see cref="McpResiliencePipelines"/>: concurrency limit, retries of transient failures, circuit breaker, attempt
/// timeout). When the session drops (process exit, connection lost, HTTP session gone) it reconnects by itself: at
/// once, then with exponential backoff and jitter up to <see cref="McpOptions.ReconnectMaxDelay"/>; a call made while
/// a reconnect is under way waits for it, a call made between attempts fails fast (and is retried by the pipeline).
/// Health checks (ping, or tools/list) bypass the pipeline, count consecutive failures, and reconnect at once when
/// the server answers again. <see cref="StopAsync"/> drains in-flight calls within a bound, then cancels what is
/// left (the server is told) and ends the session, killing a stdio server's process tree.
/// </summary>
public sealed class LiveConnection : IAsyncDisposable
{
    /// <summary>How long calls still running after the drain get to end once cancelled.</summary>
    internal static readonly TimeSpan CancelGrace = TimeSpan.FromSeconds(5);

    /// <summary>A session that ends sooner than this after connecting counts as a crash loop: the next reconnect waits
    /// its backoff instead of starting at once.</summary>
    private static readonly TimeSpan StableSession = TimeSpan.FromSeconds(1);

    private readonly McpConnector _connector;
    private readonly McpResiliencePipelines _pipelines;
    private readonly ResiliencePipeline _pipeline;
    private readonly McpOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CallStatistics _statistics = new();
    private readonly HashSet<Task> _background = [];

    private ServerConfig _server;
    private LiveConnectionState _state = LiveConnectionState.New;
    private ServerSession? _session;
    private Task<ServerSession>? _connecting;
    private bool _reconnecting;
    private bool _stopping;
    private Task? _stopTask;
    private int _inFlight;
    private IReadOnlyList<Tool> _tools = [];
    private IReadOnlyList<Tool> _listedTools = [];
    private string? _lastError;
    private DateTimeOffset? _connectedAt;
    private string? _serverName;
    private string? _serverVersion;
    private string? _protocolVersion;
    private int _dropStreak;
    private int _consecutiveHealthFailures;
    private DateTimeOffset? _lastHealthCheck;
    private long? _healthLatencyMs;

    internal LiveConnection(
        ServerConfig server,
        McpConnector connector,
        McpResiliencePipelines pipelines,
        McpOptions options,
        TimeProvider timeProvider,
        ILogger logger)
    {
        _server = server;
        Name = server.Name;
        _connector = connector;
        _pipelines = pipelines;
        _pipeline = pipelines.GetPipeline(server.Name);
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Raised after every state change (from the thread that made it; keep handlers short).</summary>
    public event Action<LiveConnection, LiveConnectionState>? StateChanged;

    /// <summary>The entry this connection serves (its tool filter may change through <see cref="UpdateToolFilter"/>).</summary>
    public ServerConfig Server
    {
        get
        {
            lock (_gate)
            {
                return _server;
            }
        }
    }

    public string Name { get; }

    public LiveConnectionState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>The server's tools as last listed (at connect and on <c>tools/list_changed</c>), after the entry's
    /// include/exclude filter.</summary>
    /// <remarks>The same list instance until the tools are listed again or the filter changes, so a caller may
    /// cache what it derives from it by reference.</remarks>
    public IReadOnlyList<Tool> Tools
    {
        get
        {
            lock (_gate)
            {
                return _listedTools;
            }
        }
    }

    /// <summary>Whether a call can be sent now: connected, and the circuit lets calls through.</summary>
    public bool Available => State == LiveConnectionState.Connected && _pipelines.GetCircuitStatus(Name) is CircuitStatus.Closed or CircuitStatus.HalfOpen;

    /// <summary>True when <paramref name="next"/> reaches the server differently from <paramref name="current"/>
    /// (transport, command, args, URL, env, headers), so a live set must replace the connection; a change of the
    /// tool filter alone does not need one (<see cref="UpdateToolFilter"/>).</summary>
    public static bool NeedsReconnect(ServerConfig current, ServerConfig next)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(next);
        return current.Name != next.Name
            || current.Transport != next.Transport
            || current.Command != next.Command
            || current.Url != next.Url
            || !current.Args.SequenceEqual(next.Args, StringComparer.Ordinal)
            || !SameEntries(current.Env, next.Env)
            || !SameEntries(current.Headers, next.Headers);
    }

    /// <summary>Applies a new include/exclude filter to <see cref="Tools"/> without reconnecting.</summary>
    public void UpdateToolFilter(ToolFilter? tools)
    {
        lock (_gate)
        {
            _server = _server with { Tools = tools };
            SetTools(_tools);
        }
    }

    /// <summary>Sets the tools as listed by the server and, from them, <see cref="Tools"/>. Under <c>_gate</c>.</summary>
    private void SetTools(IReadOnlyList<Tool> tools)
    {
        _tools = tools;
        _listedTools = _server.Tools is { IsEmpty: false } filter
            ? [.. tools.Where(t => (filter.Include.Count == 0 || filter.Include.Contains(t.Name)) && !filter.Exclude.Contains(t.Name))]
            : tools;
    }

    public LiveConnectionStatus GetStatus()
    {
        var statistics = _statistics.Read();
        var circuit = _pipelines.GetCircuitStatus(Name);
        var toolCount = Tools.Count;
        lock (_gate)
        {
            return new LiveConnectionStatus
            {
                Name = Name,
                Transport = _server.Transport,
                State = _state,
                Circuit = circuit,
                Down = _consecutiveHealthFailures >= _options.HealthFailureThreshold,
                ConsecutiveHealthFailures = _consecutiveHealthFailures,
                LastHealthCheck = _lastHealthCheck,
                LatencyMs = _healthLatencyMs,
                ConnectedAt = _connectedAt,
                ToolCount = toolCount,
                LastError = _lastError,
                ServerName = _serverName,
                ServerVersion = _serverVersion,
                ProtocolVersion = _protocolVersion,
                InFlight = _inFlight,
                Calls = statistics.Calls,
                Errors = statistics.Errors,
                ToolErrors = statistics.ToolErrors,
                P50Ms = statistics.P50Ms,
                P95Ms = statistics.P95Ms,
                P99Ms = statistics.P99Ms,
            };
        }
    }

    /// <summary>Connects for the first time. Returns when that attempt is over, whatever its outcome: on failure the
    /// connection keeps trying in the background and <see cref="GetStatus"/> says why it is not connected.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_state != LiveConnectionState.New)
            {
                return;
            }
        }

        try
        {
            await ConnectOnceAsync().WaitAsync(cancellationToken);
        }
        catch (McpServerException)
        {
            // Recorded in the status; the reconnect loop runs.
        }
    }

    /// <summary>
    /// Calls a tool through the server's pipeline. A caller's <paramref name="timeout"/> (at most
    /// <see cref="McpOptions.MaxCallTimeout"/>) bounds the whole call, retries included, and an attempt may use all of
    /// it (a slow tool is not cut short; a transport failure is retried while time is left). Without one, each attempt
    /// gets <see cref="McpOptions.CallTimeout"/>, a timed-out attempt is retried like any transient failure, and the
    /// whole call is bounded by <see cref="McpOptions.MaxCallTimeout"/>. A tool's error result is returned, never
    /// retried. Failures throw <see cref="McpServerException"/> (<see cref="McpFailureKind.CircuitOpen"/>
    /// with <see cref="McpServerException.RetryAfter"/>, <see cref="McpFailureKind.Timeout"/>, …); the caller's
    /// cancellation throws <see cref="OperationCanceledException"/> and cancels the call on the server too.
    /// </summary>
    public async Task<ToolCallResult> CallToolAsync(
        string tool, IReadOnlyDictionary<string, JsonElement>? arguments, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tool);
        TimeSpan total, attemptTimeout;
        if (timeout is { } requested && requested > TimeSpan.Zero)
        {
            total = attemptTimeout = requested < _options.MaxCallTimeout ? requested : _options.MaxCallTimeout;
        }
        else
        {
            total = _options.MaxCallTimeout;
            attemptTimeout = _options.CallTimeout;
        }

        Enter();
        var started = _timeProvider.GetTimestamp();
        using var budget = new CancellationTokenSource(total, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token, _stop.Token);
        var context = ResilienceContextPool.Shared.Get(linked.Token);
        context.Properties.Set(McpResiliencePipelines.AttemptTimeoutKey, attemptTimeout);
        context.Properties.Set(McpResiliencePipelines.CallerDeadlineKey, timeout is { } own && own > TimeSpan.Zero && attemptTimeout < _options.CallTimeout);
        var call = new Call(this, tool, arguments);
        try
        {
            var result = await _pipeline.ExecuteAsync(static (ctx, state) => state.Owner.AttemptAsync(ctx, state), context, call);
            var latency = _timeProvider.GetElapsedTime(started);
            _statistics.Record(latency, failed: false, toolError: result.IsError == true);
            return new ToolCallResult { Result = result, LatencyMs = McpFailures.Milliseconds(latency), Attempts = call.Attempts };
        }
        catch (Exception exception)
        {
            _statistics.Record(_timeProvider.GetElapsedTime(started), failed: true, toolError: false);
            if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw exception switch
            {
                OperationCanceledException when budget.IsCancellationRequested => McpFailures.Timeout(Server, total, "waiting for the tool's answer"),
                OperationCanceledException when _stop.IsCancellationRequested => Stopped(),
                _ => McpFailures.Call(Server, exception),
            };
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
            Exit();
        }
    }

    /// <summary>Sends one read-only request (a resource or prompt listing or read) to the server through its resilience
    /// pipeline, each attempt bounded by <see cref="McpOptions.CallTimeout"/> and the whole by
    /// <see cref="McpOptions.MaxCallTimeout"/>. Failures throw <see cref="McpServerException"/>; the caller's
    /// cancellation throws <see cref="OperationCanceledException"/>.</summary>
    public async Task<T> RequestAsync<T>(Func<McpClient, CancellationToken, ValueTask<T>> request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        Enter();
        using var budget = new CancellationTokenSource(_options.MaxCallTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token, _stop.Token);
        var context = ResilienceContextPool.Shared.Get(linked.Token);
        context.Properties.Set(McpResiliencePipelines.AttemptTimeoutKey, _options.CallTimeout);
        try
        {
            return await _pipeline.ExecuteAsync(
                async (ctx, state) =>
                {
                    var session = await state.Owner.SessionForCallAsync(ctx.CancellationToken);
                    return await session.RequestAsync(state.Request, ctx.CancellationToken);
                },
                context,
                (Owner: this, Request: request));
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw exception switch
            {
                McpServerException known => known,
                OperationCanceledException when budget.IsCancellationRequested => McpFailures.Timeout(Server, _options.MaxCallTimeout, "waiting for the server's answer"),
                OperationCanceledException when _stop.IsCancellationRequested => Stopped(),
                _ => McpFailures.Call(Server, exception),
            };
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
            Exit();
        }
    }

    /// <summary>Checks the server now (ping, or tools/list where ping is unsupported) within
    /// <see cref="McpOptions.HealthCheckTimeout"/>, connecting first if it is not connected. Never throws for the
    /// server's failure; only the caller's cancellation throws.</summary>
    public async Task<HealthCheckResult> CheckHealthAsync(CancellationToken cancellationToken = default)
    {
        var started = _timeProvider.GetTimestamp();
        using var deadline = new CancellationTokenSource(_options.HealthCheckTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token, _stop.Token);
        ServerSession? session = null;
        HealthCheckMethod? method = null;
        McpServerException? failure = null;
        try
        {
            session = await ConnectOnceAsync().WaitAsync(linked.Token);
            method = await session.CheckHealthAsync(linked.Token);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            failure = exception switch
            {
                OperationCanceledException when _stop.IsCancellationRequested => Stopped(),
                OperationCanceledException => McpFailures.Timeout(Server, _options.HealthCheckTimeout, "waiting for the health check"),
                McpServerException known => known,
                _ => McpFailures.Call(Server, exception),
            };
            if (session is not null && (McpFailures.IsSessionLost(failure) || !session.IsConnected))
            {
                OnSessionLost(session, failure.Message);
            }
        }

        var latency = McpFailures.Milliseconds(_timeProvider.GetElapsedTime(started));
        var now = _timeProvider.GetUtcNow();
        int failures;
        bool wasDown;
        lock (_gate)
        {
            wasDown = _consecutiveHealthFailures >= _options.HealthFailureThreshold;
            _consecutiveHealthFailures = failure is null ? 0 : _consecutiveHealthFailures + 1;
            failures = _consecutiveHealthFailures;
            _lastHealthCheck = now;
            if (failure is null)
            {
                _healthLatencyMs = latency;
            }
            else
            {
                _lastError = failure.Message;
            }
        }

        var down = failures >= _options.HealthFailureThreshold;
        if (failure is not null)
        {
            McpLog.HealthCheckFailed(_logger, Name, failures, failure.Message);
            if (failures == _options.HealthFailureThreshold)
            {
                McpLog.ServerDown(_logger, Name, failures);
            }
        }
        else if (wasDown)
        {
            McpLog.ServerUp(_logger, Name);
        }

        return new HealthCheckResult
        {
            Name = Name,
            Ok = failure is null,
            CheckedAt = now,
            LatencyMs = latency,
            Method = method,
            Error = failure?.Message,
            FailureKind = failure?.Kind,
            ConsecutiveFailures = failures,
            Down = down,
        };
    }

    /// <summary>True once <see cref="StopAsync"/> has finished: the session ended and background work is over.</summary>
    public bool HasStopped
    {
        get
        {
            lock (_gate)
            {
                return _stopTask is { IsCompleted: true };
            }
        }
    }

    /// <summary>Stops for good: new calls are refused; in-flight calls get <paramref name="drainTimeout"/> (default
    /// <see cref="McpOptions.DrainTimeout"/>) to finish, then are cancelled (the server is told); then the session
    /// ends and background work is awaited. Idempotent.</summary>
    public Task StopAsync(TimeSpan? drainTimeout = null)
    {
        lock (_gate)
        {
            return _stopTask ??= StopCoreAsync(drainTimeout ?? _options.DrainTimeout);
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private static bool SameEntries(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(entry => b.TryGetValue(entry.Key, out var value) && value == entry.Value);

    private async ValueTask<CallToolResult> AttemptAsync(ResilienceContext context, Call call)
    {
        call.Attempts++;
        var session = await SessionForCallAsync(context.CancellationToken);
        try
        {
            return await session.CallToolAsync(call.Tool, call.Arguments, context.CancellationToken);
        }
        catch (McpServerException exception) when (McpFailures.IsSessionLost(exception) || !session.IsConnected)
        {
            OnSessionLost(session, exception.Message);
            throw;
        }
    }

    private async Task<ServerSession> SessionForCallAsync(CancellationToken cancellationToken)
    {
        ServerSession? current;
        lock (_gate)
        {
            if (_stopping)
            {
                throw Stopped();
            }

            current = _session;
        }

        if (current is { IsConnected: true })
        {
            return current;
        }

        if (current is not null)
        {
            OnSessionLost(current, current.Closed.IsCompletedSuccessfully ? current.Closed.Result ?? "the session closed" : "the session closed");
        }

        Task<ServerSession>? pending;
        string? lastError;
        lock (_gate)
        {
            pending = _connecting is { IsCompleted: false } connecting ? connecting : null;
            lastError = _lastError;
            if (pending is null && _session is { IsConnected: true } session)
            {
                return session;
            }
        }

        if (pending is null)
        {
            throw new McpServerException(Name, McpFailureKind.Unavailable, $"not connected ({lastError ?? "not started"}); reconnecting in the background");
        }

        try
        {
            return await pending.WaitAsync(cancellationToken);
        }
        catch (McpServerException exception)
        {
            throw new McpServerException(Name, McpFailureKind.Unavailable, $"not connected ({exception.Message})", exception);
        }
    }

    /// <summary>Connects unless connected; joins a connect already under way (one at a time).</summary>
    private Task<ServerSession> ConnectOnceAsync()
    {
        Task<ServerSession> connecting;
        lock (_gate)
        {
            if (_stopping)
            {
                return Task.FromException<ServerSession>(Stopped());
            }

            if (_session is { IsConnected: true } current)
            {
                return Task.FromResult(current);
            }

            if (_connecting is { IsCompleted: false } pending)
            {
                return pending;
            }

            _state = LiveConnectionState.Connecting;
            connecting = _connecting = ConnectCoreAsync();
        }

        // Whoever kicked the connect may have stopped waiting; its failure is recorded in the status.
        _ = connecting.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        return connecting;
    }

    private async Task<ServerSession> ConnectCoreAsync()
    {
        await Task.Yield();
        RaiseStateChanged();
        ServerSession? session = null;
        try
        {
            session = await _connector.ConnectAsync(Server, _options.ConnectTimeout, _stop.Token);
            using var deadline = new CancellationTokenSource(_options.ConnectTimeout, _timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, _stop.Token);
            var tools = await session.ListToolsAsync(linked.Token);
            lock (_gate)
            {
                if (_stopping)
                {
                    throw Stopped();
                }

                _session = session;
                SetTools(tools);
                _state = LiveConnectionState.Connected;
                _lastError = null;
                _connectedAt = _timeProvider.GetUtcNow();
                _serverName = session.ServerInfo?.Name;
                _serverVersion = session.ServerInfo?.Version;
                _protocolVersion = session.ProtocolVersion;
            }

            McpLog.ToolsListed(_logger, Name, tools.Count);
            var connected = session;
            connected.ToolsChanged += () => Track(RefreshToolsAsync(connected));
            _ = connected.Closed.ContinueWith(
                closed => OnSessionLost(connected, closed.Result ?? "the session closed"),
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnRanToCompletion,
                TaskScheduler.Default);
            RaiseStateChanged();
            return connected;
        }
        catch (Exception exception)
        {
            if (session is not null)
            {
                await session.DisposeAsync();
            }

            var failure = exception switch
            {
                McpServerException known => known,
                OperationCanceledException when _stop.IsCancellationRequested => Stopped(),
                OperationCanceledException => McpFailures.Timeout(Server, _options.ConnectTimeout, "while listing tools"),
                _ => McpFailures.Call(Server, exception),
            };
            bool stopping;
            lock (_gate)
            {
                stopping = _stopping;
                _lastError = failure.Message;
                _state = stopping ? LiveConnectionState.Stopped : LiveConnectionState.Disconnected;
            }

            RaiseStateChanged();
            if (!stopping)
            {
                StartReconnectLoop(immediate: false);
            }

            throw failure;
        }
    }

    /// <summary>Forgets a session that ended or broke (once), disposes it, and reconnects: at once, unless sessions
    /// keep dying right after connecting (then after the backoff).</summary>
    private void OnSessionLost(ServerSession session, string reason)
    {
        bool stopping;
        int dropStreak;
        lock (_gate)
        {
            if (!ReferenceEquals(_session, session))
            {
                return;
            }

            _session = null;
            _lastError = reason;
            stopping = _stopping;
            if (!stopping)
            {
                _state = LiveConnectionState.Disconnected;
            }

            var lived = _connectedAt is { } connectedAt ? _timeProvider.GetUtcNow() - connectedAt : TimeSpan.Zero;
            _dropStreak = lived < StableSession ? _dropStreak + 1 : 0;
            dropStreak = _dropStreak;
        }

        Track(session.DisposeAsync().AsTask());
        if (stopping)
        {
            return;
        }

        McpLog.ConnectionLost(_logger, Name, reason);
        RaiseStateChanged();
        if (dropStreak <= 1)
        {
            _ = ConnectOnceAsync();
            StartReconnectLoop(immediate: true);
        }
        else
        {
            StartReconnectLoop(immediate: false, failures: dropStreak - 1);
        }
    }

    private void StartReconnectLoop(bool immediate, int failures = 1)
    {
        lock (_gate)
        {
            if (_stopping || _reconnecting)
            {
                return;
            }

            _reconnecting = true;
        }

        Track(Task.Run(() => ReconnectLoopAsync(immediate ? 0 : failures)));
    }

    private async Task ReconnectLoopAsync(int failures)
    {
        while (true)
        {
            lock (_gate)
            {
                if (_stopping || _session is { IsConnected: true })
                {
                    _reconnecting = false;
                    return;
                }
            }

            if (failures > 0)
            {
                var delay = ReconnectDelay(failures);
                McpLog.Reconnecting(_logger, Name, McpFailures.Milliseconds(delay), failures + 1);
                try
                {
                    await Task.Delay(delay, _timeProvider, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    continue;
                }
            }

            try
            {
                await ConnectOnceAsync();
            }
            catch (Exception exception) when (exception is McpServerException or OperationCanceledException)
            {
                failures++;
            }
        }
    }

    private TimeSpan ReconnectDelay(int failures)
    {
        var exponential = _options.ReconnectDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 30));
        var capped = Math.Min(exponential, _options.ReconnectMaxDelay.TotalMilliseconds);

        // Equal jitter: half fixed, half random, so many servers that fell together do not come back together.
        return TimeSpan.FromMilliseconds(capped / 2 + (Random.Shared.NextDouble() * capped / 2));
    }

    private async Task RefreshToolsAsync(ServerSession session)
    {
        try
        {
            using var deadline = new CancellationTokenSource(_options.ConnectTimeout, _timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, _stop.Token);
            var tools = await session.ListToolsAsync(linked.Token);
            lock (_gate)
            {
                if (ReferenceEquals(_session, session))
                {
                    SetTools(tools);
                }
            }

            McpLog.ToolsListed(_logger, Name, tools.Count);
        }
        catch (Exception exception) when (exception is McpServerException or OperationCanceledException)
        {
            McpLog.ToolsRefreshFailed(_logger, Name, exception.Message);
        }
    }

    private async Task StopCoreAsync(TimeSpan drainTimeout)
    {
        await Task.Yield();
        int inFlight;
        lock (_gate)
        {
            _stopping = true;
            _state = LiveConnectionState.Stopped;
            inFlight = _inFlight;
            if (inFlight == 0)
            {
                _drained.TrySetResult();
            }
        }

        RaiseStateChanged();
        if (inFlight > 0)
        {
            try
            {
                await _drained.Task.WaitAsync(drainTimeout, _timeProvider);
            }
            catch (TimeoutException)
            {
                McpLog.DrainTimedOut(_logger, Name, Volatile.Read(ref _inFlight));
            }
        }

        // Cancels what is still running (each call tells the server), a connect under way and the reconnect loop.
        await _stop.CancelAsync();
        try
        {
            await _drained.Task.WaitAsync(CancelGrace, _timeProvider);
        }
        catch (TimeoutException)
        {
            // A call ignoring cancellation must not hold shutdown; the session is ended under it.
        }

        ServerSession? session;
        Task<ServerSession>? connecting;
        lock (_gate)
        {
            session = _session;
            _session = null;
            connecting = _connecting;
        }

        if (session is not null)
        {
            await session.DisposeAsync();
        }

        if (connecting is not null)
        {
            await ((Task)connecting).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }

        Task[] background;
        lock (_gate)
        {
            background = [.. _background];
        }

        await Task.WhenAll(background).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    private void Enter()
    {
        lock (_gate)
        {
            if (_stopping)
            {
                throw Stopped();
            }

            _inFlight++;
        }
    }

    private void Exit()
    {
        lock (_gate)
        {
            _inFlight--;
            if (_stopping && _inFlight == 0)
            {
                _drained.TrySetResult();
            }
        }
    }

    private void Track(Task task)
    {
        lock (_gate)
        {
            _background.Add(task);
        }

        _ = task.ContinueWith(
            done =>
            {
                lock (_gate)
                {
                    _background.Remove(done);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private void RaiseStateChanged()
    {
        var handler = StateChanged;
        if (handler is null)
        {
            return;
        }

        var state = State;
        try
        {
            handler(this, state);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // A listener's bug must not break the connection.
        }
    }

    private McpServerException Stopped() =>
        new(Name, McpFailureKind.Unavailable, "the connection to the server is stopped");

    /// <summary>One call's state across attempts.</summary>
    private sealed class Call(LiveConnection owner, string tool, IReadOnlyDictionary<string, JsonElement>? arguments)
    {
        public LiveConnection Owner { get; } = owner;

        public string Tool { get; } = tool;

        public IReadOnlyDictionary<string, JsonElement>? Arguments { get; } = arguments;

        public int Attempts { get; set; }
    }
}
