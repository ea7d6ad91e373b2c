using System.Text.Json;
using System.Text.Json.Nodes;
using DurableTask.AzureStorage;
using DurableTask.Core;
using McpOrchestrator.LocalHost.Extensions;

namespace McpOrchestrator.LocalHost.Durable;

/// <summary>Durable Functions for the local host: DurableTask.Core's <see cref="TaskHubWorker"/> over the Azure Storage
/// backend runs the app's orchestrations and activities by invoking the worker's <c>orchestrationTrigger</c> and
/// <c>activityTrigger</c> functions, and a loopback TaskHubSidecarService serves its <c>[DurableClient]</c> bindings.
/// Crash-resume, leases between hosts, timers and events are the engine's.</summary>
internal sealed class DurableExtension(HostContext host, ILoggerFactory loggerFactory, TimeProvider time) : IHostExtension, IAsyncDisposable
{
    /// <summary>How long a stop waits for the engine to release its partitions. Releasing takes a round trip or
    /// two to storage; when storage is unreachable it never succeeds, and there is no point in waiting longer: the
    /// leases then expire on their own (<see cref="DurableOptions.LeaseInterval"/>) and another host takes the
    /// partitions over. Ten seconds leaves the rest of the host's stop room within its 30 s shutdown timeout.</summary>
    public static readonly TimeSpan DefaultStopLimit = TimeSpan.FromSeconds(10);

    private static readonly string[] Types = [DurableFunctionCatalog.OrchestrationTrigger, DurableFunctionCatalog.ActivityTrigger, DurableFunctionCatalog.DurableClient];

    private readonly ILogger _logger = loggerFactory.CreateLogger("Host.Durable");
    private readonly InstanceSignals _signals = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private DurableOptions? _options;
    private AzureStorageOrchestrationService? _service;
    private TaskHubWorker? _worker;
    private SidecarServer? _sidecar;
    private int _disposed;

    public IReadOnlyCollection<string> BindingTypes => Types;

    /// <summary>See <see cref="DefaultStopLimit"/>; tests shorten it.</summary>
    internal TimeSpan StopLimit { get; init; } = DefaultStopLimit;

    /// <summary>The task hub this extension serves (after <see cref="StartAsync"/>).</summary>
    public string HubName => _options?.HubName ?? throw new InvalidOperationException("The Durable extension has not started.");

    /// <summary>The sidecar's base address (after <see cref="StartAsync"/>).</summary>
    public Uri SidecarAddress => _sidecar?.Address ?? throw new InvalidOperationException("The Durable extension has not started.");

    public async Task StartAsync(IWorkerFunctions worker, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_service is not null)
            {
                throw new InvalidOperationException("The Durable extension is already started.");
            }

            // An app without Durable functions needs no task hub (and perhaps has no storage at all).
            var catalog = new DurableFunctionCatalog(worker.Functions);
            var usesClient = worker.Functions.Any(f => f.Bindings.Any(b => string.Equals(b.Type, DurableFunctionCatalog.DurableClient, StringComparison.OrdinalIgnoreCase)));
            if (catalog.OrchestratorCount + catalog.ActivityCount == 0 && !usesClient)
            {
                return;
            }

            var options = DurableOptions.From(host);
            var service = new AzureStorageOrchestrationService(Settings(options));
            await service.CreateIfNotExistsAsync();

            var sidecar = new TaskHubSidecar(service, _signals, time, loggerFactory.CreateLogger<TaskHubSidecar>());
            _sidecar = await SidecarServer.StartAsync(sidecar, loggerFactory, cancellationToken);
            _options = options;
            _service = service;

            if (catalog.OrchestratorCount + catalog.ActivityCount > 0)
            {
                var orchestrations = new OrchestratorStep(options, catalog, worker, time, _logger, _stopping.Token);
                var activities = new ActivityStep(catalog, worker, _logger, _stopping.Token);
                var taskHubWorker = new TaskHubWorker(new SignallingOrchestrationService(service, _signals), loggerFactory)
                {
                    ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails,
                };
                taskHubWorker.AddOrchestrationDispatcherMiddleware(orchestrations.InvokeAsync);
                taskHubWorker.AddActivityDispatcherMiddleware(activities.InvokeAsync);
                await taskHubWorker.StartAsync();
                _worker = taskHubWorker;
            }

            DurableLog.Started(_logger, options.HubName, StorageName(options.ConnectionString), catalog.OrchestratorCount, catalog.ActivityCount, _sidecar.Address.ToString());
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_service is not { } service)
            {
                return;
            }

            // Taken out first: a stop that gave up on the engine is not tried again by a second stop or DisposeAsync.
            var worker = _worker;
            var sidecar = _sidecar;
            _worker = null;
            _sidecar = null;
            _service = null;
            var released = true;
            try
            {
                // In-flight steps end at once and are abandoned (retried by whoever owns the task hub next); the
                // partitions are released on the way out, so another host takes over without waiting for lease
                // expiry. Stopping the worker stops the orchestration service under it too.
                await _stopping.CancelAsync();
                if (worker is not null)
                {
                    released = await StopEngineAsync(worker, cancellationToken);
                }
            }
            finally
            {
                // Bounded on its own (SidecarServer), and it never waits on storage.
                if (sidecar is not null)
                {
                    await sidecar.DisposeAsync();
                }

                service.Dispose();
            }

            if (released)
            {
                DurableLog.Stopped(_logger, HubName);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public InvocationValue ProvideInput(FunctionBinding binding)
    {
        if (!string.Equals(binding.Type, DurableFunctionCatalog.DurableClient, StringComparison.OrdinalIgnoreCase))
        {
            throw new NotSupportedException($"The Durable extension provides no input for a '{binding.Type}' binding.");
        }

        var options = _options ?? throw new InvalidOperationException("The Durable extension has not started yet; no durableClient binding can be given.");
        var sidecar = _sidecar ?? throw new InvalidOperationException("The Durable extension is stopping; no durableClient binding can be given.");
        var hostName = host.AppSettings.TryGetValue("WEBSITE_HOSTNAME", out var configured) && !string.IsNullOrWhiteSpace(configured) ? configured : "localhost:7071";
        var httpBase = $"http://{hostName}/runtime/webhooks/durabletask";
        var client = new JsonObject
        {
            ["taskHubName"] = Property(binding, "taskHub") ?? options.HubName,
            ["connectionName"] = Property(binding, "connectionName") ?? options.ConnectionName,
            ["rpcBaseUrl"] = sidecar.Address.ToString(),
            ["httpBaseUrl"] = httpBase,
            ["baseUrl"] = httpBase,
            ["requiredQueryStringParameters"] = string.Empty,
            ["maxGrpcMessageSizeInBytes"] = int.MaxValue,

            // The worker reads this one as JSON inside the JSON string, as the real host sends it.
            ["grpcHttpClientTimeout"] = JsonSerializer.Serialize(TimeSpan.FromSeconds(100).ToString("c", System.Globalization.CultureInfo.InvariantCulture)),
        };
        return new InvocationValue.Text(client.ToJsonString());
    }

    // The container may dispose the one instance twice (as itself and as IHostExtension).
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await StopAsync(CancellationToken.None);
        _stopping.Dispose();
        _gate.Dispose();
    }

    // With storage unreachable the engine's stop never ends: releasing the partitions retries the partition table
    // (or the lease blobs) for as long as it takes. It is abandoned at the stop limit or when the host stops waiting;
    // the rest of the host still stops, and the partitions stay leased until their leases expire.
    private async Task<bool> StopEngineAsync(TaskHubWorker worker, CancellationToken cancellationToken)
    {
        var stop = worker.StopAsync(isForced: true);
        try
        {
            await stop.WaitAsync(StopLimit, time, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is (TimeoutException or OperationCanceledException) && !stop.IsCompleted)
        {
            var reason = e is TimeoutException
                ? $"it did not finish within {StopLimit.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} s"
                : "the host stopped waiting";
            DurableLog.StopAbandoned(_logger, HubName, reason);
            _ = stop.ContinueWith(
                abandoned => DurableLog.AbandonedStopFailed(_logger, abandoned.Exception!.GetBaseException(), HubName),
                CancellationToken.None,
                TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            return false;
        }
    }

    private AzureStorageOrchestrationServiceSettings Settings(DurableOptions options) => new()
    {
        TaskHubName = options.HubName,
        StorageAccountClientProvider = new StorageAccountClientProvider(options.ConnectionString),
        WorkerId = $"{Environment.MachineName}-{Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
        PartitionCount = options.PartitionCount,
        ControlQueueBatchSize = options.ControlQueueBatchSize,
        MaxQueuePollingInterval = options.MaxQueuePollingInterval,
        ControlQueueVisibilityTimeout = options.ControlQueueVisibilityTimeout,
        WorkItemQueueVisibilityTimeout = options.WorkItemQueueVisibilityTimeout,
        MaxConcurrentTaskActivityWorkItems = options.MaxConcurrentActivities,
        MaxConcurrentTaskOrchestrationWorkItems = options.MaxConcurrentOrchestrations,
        LeaseAcquireInterval = options.LeaseAcquireInterval,
        LeaseRenewInterval = options.LeaseRenewInterval,
        LeaseInterval = options.LeaseInterval,
        UseTablePartitionManagement = options.UseTablePartitionManagement,

        // As the real extension: starting an id that is still running fails (AlreadyExists) instead of being ignored.
        ThrowExceptionOnInvalidDedupeStatus = true,
        LoggerFactory = loggerFactory,
    };

    private static string? Property(FunctionBinding binding, string name) =>
        binding.Raw.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value is JsonValue value
        && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text)
            ? text
            : null;

    // For the start-up line: which storage, never its key.
    private static string StorageName(string connectionString)
    {
        if (connectionString.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase))
        {
            return "development storage";
        }

        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        return parts.GetValueOrDefault("QueueEndpoint") ?? parts.GetValueOrDefault("AccountName") ?? "storage";
    }
}
