using System.Diagnostics;
using System.Text.Json.Nodes;
using McpOrchestrator.LocalHost.Extensions;
using McpOrchestrator.LocalHost.Hosting;
using McpOrchestrator.LocalHost.Rpc;

namespace McpOrchestrator.LocalHost.Worker;

/// <summary>Owns the app's worker: launches it and completes the handshake (init, worker indexing, one load per
/// function), restarts it with backoff when it crashes, invokes its functions for triggers and extensions, and on
/// stop drains in-flight invocations, stops the extensions and sends <c>WorkerTerminate</c>, killing the worker after
/// the grace period. While no worker is ready, invocations fail with <see cref="WorkerUnavailableException"/>.</summary>
internal sealed partial class WorkerSupervisor(
    LocalHostConfiguration configuration,
    WorkerChannelRegistry registry,
    IEnumerable<IHostExtension> extensions,
    ILoggerFactory loggers,
    TimeProvider time) : IHostedService, IWorkerFunctions, IAsyncDisposable
{
    public static readonly TimeSpan TerminateGracePeriod = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StableAfter = TimeSpan.FromMinutes(1);

    private readonly ILogger _log = loggers.CreateLogger("Host.Worker");
    private readonly ILogger _workerOutput = loggers.CreateLogger("Worker");
    private readonly IReadOnlyList<IHostExtension> _extensions = [.. extensions];
    private readonly WorkerGrpcServer _grpc = new(registry);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _inflightGate = new();
    private readonly HashSet<Task> _inflight = [];
    private volatile WorkerInstance? _current;
    private IReadOnlyList<LoadedFunction> _functions = [];
    private Task _supervision = Task.CompletedTask;
    private bool _extensionsStarted;

    /// <summary>The functions the first worker loaded (routes and timers are built from them).</summary>
    public IReadOnlyList<LoadedFunction> Functions => _functions;

    /// <summary>The ready worker, or null while it is down or restarting.</summary>
    public WorkerInstance? Current => _current;

    /// <summary>What <c>Retry-After</c> tells a client while the worker restarts.</summary>
    public TimeSpan RetryAfter { get; private set; } = TimeSpan.FromSeconds(1);

    /// <summary>The extension owning binding type <paramref name="type"/>, if any.</summary>
    public IHostExtension? ExtensionFor(string type) =>
        _extensions.FirstOrDefault(e => e.BindingTypes.Contains(type, StringComparer.OrdinalIgnoreCase));

    /// <summary>Whether an extension owns <paramref name="function"/>'s trigger: then only that extension invokes
    /// it, even for a trigger type the host serves itself.</summary>
    public bool IsOwnedByExtension(LoadedFunction function) =>
        function.Bindings.FirstOrDefault(b => b.IsTrigger) is { } trigger && ExtensionFor(trigger.Type) is not null;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _grpc.StartAsync(cancellationToken);
        var instance = await LaunchAsync(initial: true, cancellationToken);
        _functions = instance.Functions;
        _current = instance;
        foreach (var function in _functions)
        {
            if (function.Bindings.FirstOrDefault(b => b.IsTrigger) is { } trigger
                && trigger.Type is not ("httpTrigger" or "timerTrigger")
                && ExtensionFor(trigger.Type) is null)
            {
                NoTriggerHandler(_log, function.Name, trigger.Type);
            }
        }

        foreach (var extension in _extensions)
        {
            await extension.StartAsync(this, cancellationToken);
        }

        _extensionsStarted = true;
        _supervision = SuperviseAsync(instance);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        Task[] inflight;
        lock (_inflightGate)
        {
            inflight = [.. _inflight];
        }

        try
        {
            await Task.WhenAll(inflight).WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            DrainAbandoned(_log, inflight.Count(t => !t.IsCompleted));
        }
        catch (Exception)
        {
            // Their failures were logged where they happened.
        }

        if (_extensionsStarted)
        {
            foreach (var extension in _extensions.Reverse())
            {
                try
                {
                    await extension.StopAsync(cancellationToken);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    ExtensionStopFailed(_log, e, extension.GetType().Name);
                }
            }
        }

        await _supervision.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var instance = Interlocked.Exchange(ref _current, null);
        if (instance is not null)
        {
            await TerminateAsync(instance);
        }

        await _grpc.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        _current?.Process.Dispose();
        await _grpc.DisposeAsync();
        _stopping.Dispose();
    }

    /// <inheritdoc />
    public async Task<InvocationOutcome> InvokeAsync(
        string functionName,
        IReadOnlyList<InvocationInput> inputs,
        IReadOnlyDictionary<string, InvocationValue> triggerMetadata,
        string reason,
        CancellationToken cancellationToken)
    {
        var instance = RequireInstance();
        var function = instance.Find(functionName) ?? throw new InvalidOperationException($"The worker has no loaded function named '{functionName}'.");
        var request = NewRequest(function);
        foreach (var input in inputs)
        {
            request.InputData.Add(new ParameterBinding { Name = input.Name, Data = RpcValues.ToTypedData(input.Value) });
        }

        foreach (var (name, value) in triggerMetadata)
        {
            request.TriggerMetadata[name] = RpcValues.ToTypedData(value);
        }

        AddExtensionInputs(function, request);
        var response = await RunAsync(instance, function, request, reason, cancellationToken);
        return RpcValues.ToOutcome(response);
    }

    /// <summary>A new invocation request for <paramref name="function"/> with a fresh id and trace context.</summary>
    public static InvocationRequest NewRequest(LoadedFunction function)
    {
        var activity = Activity.Current;
        var traceParent = activity is not null && activity.IdFormat == ActivityIdFormat.W3C
            ? activity.Id!
            : $"00-{ActivityTraceId.CreateRandom().ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-00";
        return new InvocationRequest
        {
            InvocationId = Guid.NewGuid().ToString(),
            FunctionId = function.FunctionId,
            TraceContext = new RpcTraceContext { TraceParent = traceParent },
        };
    }

    /// <summary>Adds the values of the function's non-trigger input bindings that an extension owns (for example
    /// <c>durableClient</c>) unless the caller already supplied them.</summary>
    public void AddExtensionInputs(LoadedFunction function, InvocationRequest request)
    {
        foreach (var binding in function.Bindings)
        {
            if (binding.IsTrigger || !string.Equals(binding.Direction, "in", StringComparison.OrdinalIgnoreCase)
                || request.InputData.Any(i => string.Equals(i.Name, binding.Name, StringComparison.Ordinal))
                || ExtensionFor(binding.Type) is not { } extension)
            {
                continue;
            }

            request.InputData.Add(new ParameterBinding { Name = binding.Name, Data = RpcValues.ToTypedData(extension.ProvideInput(binding)) });
        }
    }

    /// <summary>The ready worker; throws <see cref="WorkerUnavailableException"/> while there is none.</summary>
    public WorkerInstance RequireInstance() =>
        _stopping.IsCancellationRequested
            ? throw new WorkerUnavailableException("The host is stopping.")
            : _current ?? throw new WorkerUnavailableException("The worker is restarting.");

    public ILogger FunctionLogger(string name) => loggers.CreateLogger("Function." + name);

    /// <summary>Counts <paramref name="work"/> as in flight until it completes, so a graceful stop waits for it.</summary>
    public Task Track(Task work)
    {
        lock (_inflightGate)
        {
            _inflight.Add(work);
        }

        _ = work.ContinueWith(
            t =>
            {
                lock (_inflightGate)
                {
                    _inflight.Remove(t);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return work;
    }

    /// <summary>Sends the invocation and awaits its response, with Core Tools' log lines and host.json's
    /// functionTimeout; a timeout or cancellation sends <c>InvocationCancel</c>.</summary>
    private async Task<InvocationResponse> RunAsync(WorkerInstance instance, LoadedFunction function, InvocationRequest request, string reason, CancellationToken cancellationToken)
    {
        var log = FunctionLogger(function.Name);
        var started = time.GetTimestamp();
        InvocationLog.Executing(log, function.Name, reason, request.InvocationId);
        var response = instance.Channel.Invoke(request);
        _ = Track(response);
        var timeout = configuration.HostJson.FunctionTimeout;
        try
        {
            var answer = timeout is { } limit
                ? await response.WaitAsync(limit, time, cancellationToken)
                : await response.WaitAsync(cancellationToken);
            LogOutcome(log, function.Name, request.InvocationId, started, answer);
            return answer;
        }
        catch (TimeoutException)
        {
            InvocationLog.TimedOut(log, timeout!.Value, function.Name, request.InvocationId);
            instance.Channel.Cancel(request.InvocationId);
            InvocationLog.Failed(log, function.Name, request.InvocationId, (long)time.GetElapsedTime(started).TotalMilliseconds, "function timeout");
            return new InvocationResponse
            {
                InvocationId = request.InvocationId,
                Result = new StatusResult
                {
                    Status = StatusResult.Types.Status.Failure,
                    Exception = new Rpc.RpcException { Type = "Microsoft.Azure.WebJobs.Host.FunctionTimeoutException", Message = $"Timeout value of {timeout} was exceeded by function: Functions.{function.Name}" },
                },
            };
        }
        catch (OperationCanceledException)
        {
            instance.Channel.Cancel(request.InvocationId);
            InvocationLog.Failed(log, function.Name, request.InvocationId, (long)time.GetElapsedTime(started).TotalMilliseconds, "cancelled");
            throw;
        }
        catch (WorkerUnavailableException e)
        {
            InvocationLog.Failed(log, function.Name, request.InvocationId, (long)time.GetElapsedTime(started).TotalMilliseconds, e.Message);
            throw;
        }
    }

    public void LogOutcome(ILogger log, string name, string invocationId, long started, InvocationResponse answer)
    {
        var duration = (long)time.GetElapsedTime(started).TotalMilliseconds;
        if (answer.Result?.Status == StatusResult.Types.Status.Success)
        {
            InvocationLog.Succeeded(log, name, invocationId, duration);
        }
        else
        {
            var exception = answer.Result?.Exception;
            InvocationLog.Failed(log, name, invocationId, duration, exception is null ? answer.Result?.Status.ToString() ?? "no result" : $"{exception.Type}: {exception.Message}");
        }
    }

    private async Task SuperviseAsync(WorkerInstance instance)
    {
        var backoff = TimeSpan.FromSeconds(1);
        var stopping = _stopping.Token;
        while (true)
        {
            await Task.WhenAny(instance.Process.Exited, instance.Channel.Closed, Task.Delay(Timeout.Infinite, stopping));
            if (stopping.IsCancellationRequested)
            {
                return;
            }

            Interlocked.CompareExchange(ref _current, null, instance);
            await ((Task)instance.Process.Exited.WaitAsync(TimeSpan.FromSeconds(2))).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            var code = instance.Process.Exited.IsCompleted ? instance.Process.Exited.Result : (int?)null;
            instance.Channel.Close(code is { } c ? $"the worker exited with code {c}" : "the worker's gRPC stream ended");
            instance.Process.Dispose();
            registry.Remove(instance.Channel);
            if (time.GetUtcNow() - instance.ReadyAt > StableAfter)
            {
                backoff = TimeSpan.FromSeconds(1);
            }

            while (true)
            {
                RetryAfter = backoff + TimeSpan.FromSeconds(1);
                WorkerCrashed(_log, code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown", backoff.TotalSeconds);
                try
                {
                    await Task.Delay(backoff, time, stopping);
                    instance = await LaunchAsync(initial: false, stopping);
                    _current = instance;
                    WorkerRestarted(_log, instance.Process.ProcessId);
                    break;
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (e is HostStartupException or WorkerUnavailableException or TimeoutException)
                {
                    RestartFailed(_log, e.Message);
                    backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, backoff.Ticks * 2));
                }
            }

            if (stopping.IsCancellationRequested)
            {
                // Stopped while the new worker started: StopAsync terminates it through _current.
                return;
            }
        }
    }

    private async Task<WorkerInstance> LaunchAsync(bool initial, CancellationToken cancellationToken)
    {
        var channel = new WorkerChannel(Guid.NewGuid().ToString(), OnRpcLog);
        registry.Add(channel);
        var process = WorkerProcess.Start(configuration, _grpc.Uri, channel.WorkerId, _workerOutput);
        try
        {
            var connected = await Task.WhenAny(channel.Connected, process.Exited, Task.Delay(ConnectTimeout, time, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
            if (connected == process.Exited)
            {
                throw new HostStartupException(
                    $"The worker ({Path.GetFileName(configuration.Script.WorkerPath)}) exited with code {process.Exited.Result} before connecting: {Cause(process)}. Fix the app's start-up (run 'dotnet {Path.GetFileName(configuration.Script.WorkerPath)}' in {configuration.Script.AppDirectory} to see it).");
            }

            if (connected != channel.Connected)
            {
                throw new HostStartupException($"The worker did not connect within {ConnectTimeout.TotalSeconds} s: {Cause(process)}. Check that the app targets Microsoft.Azure.Functions.Worker 2.x.");
            }

            var appDirectory = configuration.Script.AppDirectory;
            var init = await Handshake(channel, process, new StreamingMessage
            {
                WorkerInitRequest = new WorkerInitRequest
                {
                    HostVersion = "4.1044.0",
                    WorkerDirectory = appDirectory,
                    FunctionAppDirectory = appDirectory,
                },
            }, StreamingMessage.ContentOneofCase.WorkerInitResponse, cancellationToken);
            if (init.WorkerInitResponse.Result?.Status != StatusResult.Types.Status.Success)
            {
                throw new HostStartupException($"The worker refused to initialise: {init.WorkerInitResponse.Result?.Exception?.Message ?? init.WorkerInitResponse.Result?.Result}. Fix the app's Program.cs.");
            }

            Uri? httpUri = init.WorkerInitResponse.Capabilities.TryGetValue("HttpUri", out var uri) && Uri.TryCreate(uri, UriKind.Absolute, out var parsed) ? parsed : null;
            var metadata = await Handshake(channel, process, new StreamingMessage
            {
                FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = appDirectory },
            }, StreamingMessage.ContentOneofCase.FunctionMetadataResponse, cancellationToken);
            var answer = metadata.FunctionMetadataResponse;
            if (answer.Result is { Status: not StatusResult.Types.Status.Success } failedIndexing)
            {
                throw new HostStartupException($"The worker could not index its functions: {failedIndexing.Exception?.Message ?? failedIndexing.Result}. Fix the app's [Function] declarations.");
            }

            if (answer.UseDefaultMetadataIndexing)
            {
                throw new HostStartupException("The worker asks for host indexing (functions.metadata), which this host does not do: build the app with Microsoft.Azure.Functions.Worker.Sdk 2.x (worker indexing).");
            }

            var loads = answer.FunctionMetadataResults.Select(m => LoadAsync(channel, process, m, cancellationToken)).ToList();
            var results = await Task.WhenAll(loads);
            var failed = results.Where(r => r.Failure is not null).ToList();
            foreach (var (function, failure) in failed)
            {
                LoadFailed(_log, function.Name, failure!);
            }

            if (initial && failed.Count > 0)
            {
                throw new HostStartupException(
                    $"{failed.Count} function(s) failed to load ({string.Join(", ", failed.Select(f => f.Function.Name))}): fix the errors above and restart.");
            }

            var loaded = results.Where(r => r.Failure is null).Select(r => r.Function).ToList();
            if (httpUri is not null)
            {
                await WaitForListenerAsync(httpUri, process, cancellationToken);
            }

            WorkerReady(_log, process.ProcessId, loaded.Count, httpUri?.ToString() ?? "none");
            return new WorkerInstance(process, channel, httpUri, loaded, time.GetUtcNow());
        }
        catch
        {
            channel.Close("the worker did not start");
            registry.Remove(channel);
            process.Dispose();
            throw;
        }
    }

    /// <summary>The worker reports its HTTP URI before its own Kestrel necessarily accepts connections: ready means
    /// that it does.</summary>
    private async Task WaitForListenerAsync(Uri httpUri, WorkerProcess process, CancellationToken cancellationToken)
    {
        var deadline = time.GetTimestamp();
        while (true)
        {
            using var client = new System.Net.Sockets.TcpClient();
            try
            {
                await client.ConnectAsync(httpUri.Host, httpUri.Port, cancellationToken);
                return;
            }
            catch (System.Net.Sockets.SocketException) when (!process.Exited.IsCompleted && time.GetElapsedTime(deadline) < HandshakeTimeout)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), time, cancellationToken);
            }
            catch (System.Net.Sockets.SocketException e)
            {
                throw new HostStartupException($"The worker's HTTP listener {httpUri} does not accept connections ({e.SocketErrorCode}): {Cause(process)}.", e);
            }
        }
    }

    private static async Task<StreamingMessage> Handshake(WorkerChannel channel, WorkerProcess process, StreamingMessage request, StreamingMessage.ContentOneofCase answer, CancellationToken cancellationToken)
    {
        var key = request.FunctionLoadRequest is { } load ? WorkerChannel.LoadKey(load.FunctionId) : answer.ToString();
        try
        {
            return await channel.RequestAsync(request, key, HandshakeTimeout, cancellationToken);
        }
        catch (WorkerUnavailableException)
        {
            await ((Task)process.Exited.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw new HostStartupException($"The worker ended during the handshake ({request.ContentCase}): {Cause(process)}. Fix the app's start-up.");
        }
        catch (TimeoutException)
        {
            throw new HostStartupException($"The worker did not answer {request.ContentCase} within {HandshakeTimeout.TotalSeconds} s: {Cause(process)}.");
        }
    }

    private static async Task<(LoadedFunction Function, string? Failure)> LoadAsync(WorkerChannel channel, WorkerProcess process, RpcFunctionMetadata metadata, CancellationToken cancellationToken)
    {
        var bindings = metadata.RawBindings.Select(ParseBinding).ToList();
        if (metadata.Status is { Status: StatusResult.Types.Status.Failure } indexFailure)
        {
            return (new LoadedFunction(metadata.Name, metadata.FunctionId, bindings), indexFailure.Exception?.Message ?? indexFailure.Result);
        }

        var function = new LoadedFunction(metadata.Name, metadata.FunctionId, bindings);
        var answer = await Handshake(channel, process, new StreamingMessage
        {
            FunctionLoadRequest = new FunctionLoadRequest { FunctionId = metadata.FunctionId, Metadata = metadata },
        }, StreamingMessage.ContentOneofCase.FunctionLoadResponse, cancellationToken);
        var result = answer.FunctionLoadResponse.Result;
        return result?.Status == StatusResult.Types.Status.Success
            ? (function, null)
            : (function, result?.Exception?.Message is { Length: > 0 } message ? message : result?.Result ?? "no reason given");
    }

    private static FunctionBinding ParseBinding(string raw)
    {
        var json = JsonNode.Parse(raw) as JsonObject ?? [];
        string Text(string name) => json.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.ToString() ?? string.Empty;
        return new FunctionBinding(Text("name"), Text("type"), Text("direction").ToLowerInvariant(), json);
    }

    private static string Cause(WorkerProcess process) =>
        process.RecentErrors.Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith("at ", StringComparison.Ordinal)) ?? "it wrote nothing to stderr";

    private async Task TerminateAsync(WorkerInstance instance)
    {
        instance.Channel.Send(new StreamingMessage
        {
            WorkerTerminate = new WorkerTerminate { GracePeriod = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TerminateGracePeriod) },
        });
        TerminateSent(_log, instance.Process.ProcessId, TerminateGracePeriod.TotalSeconds);
        try
        {
            var code = await instance.Process.Exited.WaitAsync(TerminateGracePeriod, time);
            WorkerExited(_log, code);
        }
        catch (TimeoutException)
        {
            WorkerKilled(_log, TerminateGracePeriod.TotalSeconds);
        }

        instance.Channel.Close("the host stopped");
        instance.Process.Dispose();
        registry.Remove(instance.Channel);
    }

    private void OnRpcLog(RpcLog log)
    {
        var level = log.Level switch
        {
            RpcLog.Types.Level.Trace => LogLevel.Trace,
            RpcLog.Types.Level.Debug => LogLevel.Debug,
            RpcLog.Types.Level.Information => LogLevel.Information,
            RpcLog.Types.Level.Warning => LogLevel.Warning,
            RpcLog.Types.Level.Error => LogLevel.Error,
            RpcLog.Types.Level.Critical => LogLevel.Critical,
            _ => LogLevel.None,
        };
        // The worker's own "Application started" would read as this host's readiness line.
        if (level == LogLevel.None || log.Category == "Microsoft.Hosting.Lifetime")
        {
            return;
        }

        var logger = loggers.CreateLogger(string.IsNullOrEmpty(log.Category) ? "Worker" : log.Category);
        var message = log.Exception is { } exception && !string.IsNullOrEmpty(exception.Message)
            ? $"{log.Message}{Environment.NewLine}{exception.Type}: {exception.Message}{Environment.NewLine}{exception.StackTrace}"
            : log.Message;
        InvocationLog.Forward(logger, level, message);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker process started and initialized (pid {ProcessId}): {Count} function(s) loaded, HTTP at {HttpUri}")]
    private static partial void WorkerReady(ILogger logger, int processId, int count, string httpUri);

    [LoggerMessage(Level = LogLevel.Error, Message = "The function '{Name}' failed to load: {Cause}")]
    private static partial void LoadFailed(ILogger logger, string name, string cause);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The function '{Name}' has a {TriggerType} trigger, which this host does not serve; it will not run")]
    private static partial void NoTriggerHandler(ILogger logger, string name, string triggerType);

    [LoggerMessage(Level = LogLevel.Error, Message = "The worker process exited unexpectedly (code {Code}); restarting it in {Seconds} s. Until then HTTP requests answer 503")]
    private static partial void WorkerCrashed(ILogger logger, string code, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker restarted (pid {ProcessId})")]
    private static partial void WorkerRestarted(ILogger logger, int processId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The worker did not restart: {Cause}")]
    private static partial void RestartFailed(ILogger logger, string cause);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent WorkerTerminate to the worker (pid {ProcessId}), grace period {Seconds} s")]
    private static partial void TerminateSent(ILogger logger, int processId, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worker exited with code {Code}")]
    private static partial void WorkerExited(ILogger logger, int code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The worker did not exit within the {Seconds} s grace period; killed it")]
    private static partial void WorkerKilled(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopped waiting for {Count} in-flight invocation(s)")]
    private static partial void DrainAbandoned(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Extension {Extension} failed to stop")]
    private static partial void ExtensionStopFailed(ILogger logger, Exception exception, string extension);
}
