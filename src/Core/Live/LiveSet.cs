using System.Collections.Immutable;
using McpOrchestrator.Core.Clients;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Mcp;
using McpOrchestrator.Core.Publishing.Artifacts;
using McpOrchestrator.Core.Publishing.Deployments;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace McpOrchestrator.Core.Live;

/// <summary>
/// The service's live connections: one <see cref="LiveConnection"/> per server deployed for client
/// <c>orchestrator</c>, profile <see cref="LiveOptions.Profile"/> (the desired state). <see cref="ReconcileAsync"/>
/// makes the connections match the deployment: it connects added servers, stops removed ones, replaces those whose
/// transport, command, URL, env or headers changed, gives a new tool filter to those whose filter alone changed, and
/// leaves the rest untouched. Reconciles are serialised, so concurrent calls are safe and a repeated call changes
/// nothing. New connections connect in the background (a slow or broken server never holds a reconcile up); stopped
/// ones drain their in-flight calls in the background. As a hosted service it reconciles once at start (without
/// holding start-up) and, when the host stops, drains in-flight calls within
/// <see cref="LiveOptions.ShutdownDrainTimeout"/> and ends every session, so no stdio server outlives the service.
/// </summary>
public sealed class LiveSet : IHostedService, IAsyncDisposable, IDisposable
{
    private readonly DeploymentStore _deployments;
    private readonly ArtifactStore _artifacts;
    private readonly LiveConnectionFactory _factory;
    private readonly LiveOptions _options;
    private readonly McpOptions _mcp;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _reconcile = new(1, 1);
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Lock _gate = new();
    private readonly HashSet<Task> _background = [];

    private ImmutableSortedDictionary<string, LiveConnection> _connections = ImmutableSortedDictionary.Create<string, LiveConnection>(StringComparer.Ordinal);
    private bool _reconciled;
    private int? _version;
    private string? _artifactId;
    private DateTimeOffset? _reconciledAt;
    private string? _lastError;
    private bool _stopping;
    private Task? _stopTask;
    private IReadOnlyCollection<LiveConnection> _ending = [];

    public LiveSet(
        DeploymentStore deployments,
        ArtifactStore artifacts,
        LiveConnectionFactory factory,
        IOptions<LiveOptions> options,
        IOptions<McpOptions> mcpOptions,
        TimeProvider clock,
        ILogger<LiveSet> logger)
    {
        _deployments = deployments;
        _artifacts = artifacts;
        _factory = factory;
        _options = options.Value;
        _mcp = mcpOptions.Value;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>The profile of client <c>orchestrator</c> this live set follows.</summary>
    public string Profile => _options.Profile;

    /// <summary>The live connections, by name.</summary>
    public IReadOnlyList<LiveConnection> Connections
    {
        get
        {
            lock (_gate)
            {
                return [.. _connections.Values];
            }
        }
    }

    /// <summary>The live connection to server <paramref name="name"/>, or null when no deployed server has that name.</summary>
    public LiveConnection? Find(string name)
    {
        lock (_gate)
        {
            return _connections.GetValueOrDefault(name);
        }
    }

    public LiveSetStatus GetStatus()
    {
        lock (_gate)
        {
            return new LiveSetStatus
            {
                Profile = Profile,
                Version = _version,
                ArtifactId = _artifactId,
                ReconciledAt = _reconciledAt,
                LastReconcileError = _lastError,
            };
        }
    }

    /// <summary>
    /// Reads what is deployed for <c>orchestrator</c>/<see cref="Profile"/> and makes the live connections match it
    /// (see the type's summary). Returns once the set matches: added and replaced connections are connecting, removed
    /// and replaced ones are draining. Throws when the deployment cannot be read (storage down, an unreadable
    /// artifact); the live set then stays as it was. During shutdown it does nothing (<see cref="ReconcileResult.Stopped"/>).
    /// </summary>
    public async Task<ReconcileResult> ReconcileAsync(CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _lifetime.Token);
        try
        {
            await _reconcile.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new ReconcileResult { Profile = Profile, Stopped = true };
        }

        try
        {
            return await ReconcileCoreAsync(linked.Token);
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new ReconcileResult { Profile = Profile, Stopped = true };
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            lock (_gate)
            {
                _lastError = exception.Message;
            }

            LiveLog.ReconcileFailed(_logger, Profile, exception.Message);
            throw;
        }
        finally
        {
            _reconcile.Release();
        }
    }

    /// <summary>Starts the first reconcile in the background and returns at once: start-up never waits for storage or
    /// for a server. If it fails, the health timer's next run reconciles again.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        Track(Task.Run(ReconcileAtStartAsync, CancellationToken.None));
        return Task.CompletedTask;
    }

    /// <summary>Stops for good (idempotent): no more reconciles; every connection gets
    /// <see cref="LiveOptions.ShutdownDrainTimeout"/> for its in-flight calls, then they are cancelled (the server is
    /// told) and every session ends, killing stdio servers' process trees. Returns when all of that is done, or when
    /// <see cref="StopBound"/> has passed, or when <paramref name="cancellationToken"/> (the host's shutdown timeout)
    /// fires, whichever comes first: what is still ending is logged and goes on ending in the background, but never
    /// holds the host's exit.</summary>
    public Task StopAsync(CancellationToken cancellationToken)
    {
        Task stop;
        lock (_gate)
        {
            stop = _stopTask ??= StopCoreAsync();
        }

        return cancellationToken.CanBeCanceled && !stop.IsCompleted ? WaitForStopAsync(stop, cancellationToken) : stop;
    }

    /// <summary>The longest a stop waits for its connections: the drain timeout, the cancellation grace of each call,
    /// the grace a stdio server gets to exit, and a margin for the rest of the session's end.</summary>
    private TimeSpan StopBound => _options.ShutdownDrainTimeout + LiveConnection.CancelGrace + _mcp.StdioShutdownTimeout + StopMargin;

    private static readonly TimeSpan StopMargin = TimeSpan.FromSeconds(5);

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None);
        _lifetime.Dispose();
        _reconcile.Dispose();
    }

    /// <summary>For a container disposed synchronously: stops as <see cref="DisposeAsync"/> does, blocking until no
    /// server process is left.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private async Task ReconcileAtStartAsync()
    {
        try
        {
            await ReconcileAsync(_lifetime.Token);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Logged by ReconcileAsync; the health timer tries again within 30 seconds.
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task<ReconcileResult> ReconcileCoreAsync(CancellationToken cancellationToken)
    {
        var deployment = await _deployments.GetCurrentAsync(ClientCatalog.OrchestratorClientId, Profile, cancellationToken);
        bool unchanged;
        lock (_gate)
        {
            unchanged = _reconciled && _artifactId == deployment?.ArtifactId;
            if (unchanged)
            {
                // The same payload (maybe under another version number): nothing to do.
                _version = deployment?.Version;
                _reconciledAt = _clock.GetUtcNow();
                _lastError = null;
            }
        }

        if (unchanged)
        {
            return new ReconcileResult { Profile = Profile, Version = deployment?.Version, ArtifactId = deployment?.ArtifactId, Unchanged = [.. Connections.Select(c => c.Name)] };
        }

        IReadOnlyList<ServerConfig> servers = [];
        if (deployment is not null)
        {
            var artifact = await _artifacts.GetAsync(ClientCatalog.OrchestratorClientId, Profile, deployment.Version, cancellationToken)
                ?? throw new InvalidDataException($"orchestrator/{Profile}: version {deployment.Version} is deployed but its artifact does not exist.");
            servers = ConfigPayload.FromJson(artifact.Payload).Servers;
        }

        var desired = new Dictionary<string, ServerConfig>(StringComparer.Ordinal);
        foreach (var server in servers)
        {
            if (!desired.TryAdd(server.Name, server))
            {
                LiveLog.DuplicateServer(_logger, Profile, deployment?.Version, server.Name);
            }
        }

        List<string> added = [], removed = [], reconnected = [], filtersUpdated = [], untouched = [];
        List<LiveConnection> toStart = [], toStop = [];
        lock (_gate)
        {
            if (_stopping)
            {
                return new ReconcileResult { Profile = Profile, Stopped = true };
            }

            var next = _connections.ToBuilder();
            foreach (var (name, current) in _connections)
            {
                if (!desired.ContainsKey(name))
                {
                    next.Remove(name);
                    toStop.Add(current);
                    removed.Add(name);
                }
            }

            foreach (var (name, server) in desired.OrderBy(d => d.Key, StringComparer.Ordinal))
            {
                if (!_connections.TryGetValue(name, out var current))
                {
                    var connection = _factory.Create(server);
                    next[name] = connection;
                    toStart.Add(connection);
                    added.Add(name);
                }
                else if (LiveConnection.NeedsReconnect(current.Server, server))
                {
                    var connection = _factory.Create(server);
                    next[name] = connection;
                    toStop.Add(current);
                    toStart.Add(connection);
                    reconnected.Add(name);
                }
                else if (!SameFilter(current.Server.Tools, server.Tools))
                {
                    current.UpdateToolFilter(server.Tools);
                    filtersUpdated.Add(name);
                }
                else
                {
                    untouched.Add(name);
                }
            }

            _connections = next.ToImmutable();
            _reconciled = true;
            _version = deployment?.Version;
            _artifactId = deployment?.ArtifactId;
            _reconciledAt = _clock.GetUtcNow();
            _lastError = null;
        }

        foreach (var connection in toStop)
        {
            Track(StopQuietlyAsync(connection, _mcp.DrainTimeout));
        }

        foreach (var connection in toStart)
        {
            Track(StartQuietlyAsync(connection));
        }

        LiveLog.Reconciled(_logger, Profile, deployment is null ? "nothing deployed" : $"version {deployment.Version}", added.Count, removed.Count, reconnected.Count, filtersUpdated.Count, untouched.Count);
        return new ReconcileResult
        {
            Profile = Profile,
            Version = deployment?.Version,
            ArtifactId = deployment?.ArtifactId,
            Added = added,
            Removed = removed,
            Reconnected = reconnected,
            FiltersUpdated = filtersUpdated,
            Unchanged = untouched,
        };
    }

    private async Task StopCoreAsync()
    {
        await Task.Yield();
        var started = _clock.GetTimestamp();
        ImmutableSortedDictionary<string, LiveConnection> connections;
        lock (_gate)
        {
            _stopping = true;
            connections = _connections;
            _ending = [.. connections.Values];
            _connections = _connections.Clear();
        }

        await _lifetime.CancelAsync();
        LiveLog.Stopping(_logger, connections.Count, (long)_options.ShutdownDrainTimeout.TotalMilliseconds);
        var stopping = connections.Values.Select(c => StopQuietlyAsync(c, _options.ShutdownDrainTimeout)).ToList();

        // Connections a reconcile replaced or removed are still draining: they end too before the host does.
        lock (_gate)
        {
            stopping.AddRange(_background);
        }

        try
        {
            await Task.WhenAll(stopping).WaitAsync(StopBound, _clock);
            LiveLog.Stopped(_logger, (long)_clock.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (TimeoutException)
        {
            LiveLog.StopOverran(_logger, (long)StopBound.TotalMilliseconds, StillStopping(connections.Values));
        }
    }

    private async Task WaitForStopAsync(Task stop, CancellationToken cancellationToken)
    {
        try
        {
            await stop.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            IReadOnlyCollection<LiveConnection> ending;
            lock (_gate)
            {
                ending = _ending;
            }

            LiveLog.StopAbandoned(_logger, StillStopping(ending));
        }
    }

    private static string StillStopping(IEnumerable<LiveConnection> connections)
    {
        var names = connections.Where(c => !c.HasStopped).Select(c => c.Name).ToList();
        return names.Count == 0 ? "none (background work only)" : string.Join(", ", names);
    }

    private async Task StartQuietlyAsync(LiveConnection connection)
    {
        try
        {
            await connection.StartAsync(_lifetime.Token);
        }
        catch (OperationCanceledException)
        {
            // Stopping: StopCoreAsync stops the connection.
        }
        catch (Exception exception)
        {
            LiveLog.StartFailed(_logger, connection.Name, exception.Message);
        }
    }

    private async Task StopQuietlyAsync(LiveConnection connection, TimeSpan drainTimeout)
    {
        try
        {
            await connection.StopAsync(drainTimeout);
        }
        catch (Exception exception)
        {
            LiveLog.StopFailed(_logger, connection.Name, exception.Message);
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

    private static bool SameFilter(ToolFilter? a, ToolFilter? b)
    {
        IReadOnlyList<string> include(ToolFilter? f) => f?.Include ?? [];
        IReadOnlyList<string> exclude(ToolFilter? f) => f?.Exclude ?? [];
        return include(a).SequenceEqual(include(b), StringComparer.Ordinal) && exclude(a).SequenceEqual(exclude(b), StringComparer.Ordinal);
    }
}
