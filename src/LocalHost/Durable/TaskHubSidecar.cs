using DurableTask.AzureStorage;
using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using DurableTask.Core.Query;
using DurableTask.Core.Tracing;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using P = Microsoft.DurableTask.Protobuf;

namespace McpOrchestrator.LocalHost.Durable;

/// <summary>The task hub's client API as the Durable worker's <c>DurableTaskClient</c> calls it over gRPC
/// (TaskHubSidecarService), backed by the Azure Storage orchestration service: start, get, query, raise, terminate,
/// suspend, resume, rewind, purge and the two waits.</summary>
internal sealed class TaskHubSidecar(
    AzureStorageOrchestrationService service,
    InstanceSignals signals,
    TimeProvider time,
    ILogger<TaskHubSidecar> logger) : P.TaskHubSidecarService.TaskHubSidecarServiceBase
{
    // Waiters re-read the state at least this often, for changes made by another host on the same task hub.
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    // How long RaiseEvent waits for an instance row that does not exist yet (the engine writes it just after queuing
    // the start), and for an existing instance to leave Pending, before it gives up waiting.
    private static readonly TimeSpan RaiseEventExistDeadline = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RaiseEventStartDeadline = TimeSpan.FromSeconds(30);

    private static readonly OrchestrationStatus[] ActiveStatuses =
        [OrchestrationStatus.Running, OrchestrationStatus.Pending, OrchestrationStatus.Suspended, OrchestrationStatus.ContinuedAsNew];

    public override Task<Empty> Hello(Empty request, ServerCallContext context) => Task.FromResult(new Empty());

    public override async Task<P.CreateInstanceResponse> StartInstance(P.CreateInstanceRequest request, ServerCallContext context)
    {
        var instance = new OrchestrationInstance
        {
            InstanceId = string.IsNullOrEmpty(request.InstanceId) ? Guid.NewGuid().ToString("N") : request.InstanceId,
            ExecutionId = string.IsNullOrEmpty(request.ExecutionId) ? Guid.NewGuid().ToString("N") : request.ExecutionId,
        };
        var started = new ExecutionStartedEvent(-1, request.Input)
        {
            Name = request.Name,
            Version = request.Version ?? string.Empty,
            OrchestrationInstance = instance,
            ScheduledStartTime = request.ScheduledStartTimestamp?.ToDateTime(),
            Tags = request.Tags.Count > 0 ? new Dictionary<string, string>(request.Tags) : null,
        };
        if (request.ParentTraceContext is { } trace)
        {
            started.ParentTraceContext = new DistributedTraceContext(trace.TraceParent, trace.TraceState);
        }

        var dedupe = request.OrchestrationIdReusePolicy is { ReplaceableStatus.Count: > 0 } policy
            ? [.. System.Enum.GetValues<OrchestrationStatus>().Except(policy.ReplaceableStatus.Select(s => (OrchestrationStatus)s))]
            : ActiveStatuses;
        try
        {
            await service.CreateTaskOrchestrationAsync(new TaskMessage { Event = started, OrchestrationInstance = instance }, dedupe);
        }
        catch (OrchestrationAlreadyExistsException e)
        {
            throw new RpcException(new Status(StatusCode.AlreadyExists, e.Message));
        }

        return new P.CreateInstanceResponse { InstanceId = instance.InstanceId };
    }

    public override async Task<P.GetInstanceResponse> GetInstance(P.GetInstanceRequest request, ServerCallContext context) =>
        ToResponse(await GetStateAsync(request.InstanceId, request.GetInputsAndOutputs), request.GetInputsAndOutputs);

    public override async Task<P.QueryInstancesResponse> QueryInstances(P.QueryInstancesRequest request, ServerCallContext context)
    {
        var query = request.Query ?? new P.InstanceQuery();
        var result = await service.GetOrchestrationWithQueryAsync(
            new OrchestrationQuery
            {
                RuntimeStatus = query.RuntimeStatus.Count > 0 ? [.. query.RuntimeStatus.Select(s => (OrchestrationStatus)s)] : null,
                CreatedTimeFrom = query.CreatedTimeFrom?.ToDateTime(),
                CreatedTimeTo = query.CreatedTimeTo?.ToDateTime(),
                TaskHubNames = query.TaskHubNames.Count > 0 ? [.. query.TaskHubNames] : null,
                PageSize = query.MaxInstanceCount > 0 ? query.MaxInstanceCount : 100,
                ContinuationToken = string.IsNullOrEmpty(query.ContinuationToken) ? null : query.ContinuationToken,
                InstanceIdPrefix = string.IsNullOrEmpty(query.InstanceIdPrefix) ? null : query.InstanceIdPrefix,
                FetchInputsAndOutputs = query.FetchInputsAndOutputs,
                ExcludeEntities = true,
            },
            context.CancellationToken);
        // The token is a nullable wrapper field: absent (null) ends the client's paging, an empty string would restart it.
        var token = result.ContinuationToken;
        if (result.OrchestrationState.Count == 0 || string.Equals(token, query.ContinuationToken, StringComparison.Ordinal) || string.Equals(token, "null", StringComparison.Ordinal))
        {
            token = null;
        }

        var response = new P.QueryInstancesResponse { ContinuationToken = string.IsNullOrEmpty(token) ? null : token };
        response.OrchestrationState.AddRange(result.OrchestrationState.Select(s => ProtoConversion.ToProto(s, query.FetchInputsAndOutputs)));
        return response;
    }

    public override async Task<P.RaiseEventResponse> RaiseEvent(P.RaiseEventRequest request, ServerCallContext context)
    {
        // An event sent before the engine has written the instance is discarded by the engine ("no such instance"):
        // wait until the instance exists and has left Pending, then send it.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        deadline.CancelAfter(RaiseEventStartDeadline);
        var started = time.GetUtcNow();
        OrchestrationState? state = null;
        try
        {
            state = await WaitForAsync(
                request.InstanceId,
                s => (s is not null && s.OrchestrationStatus != OrchestrationStatus.Pending) || (s is null && time.GetUtcNow() - started > RaiseEventExistDeadline),
                fetchData: false,
                deadline.Token,
                () => DurableLog.EventWaitsForStart(logger, request.Name, request.InstanceId));
        }
        catch (OperationCanceledException) when (!context.CancellationToken.IsCancellationRequested)
        {
            state = await GetStateAsync(request.InstanceId, fetchData: false);
        }

        if (state is null)
        {
            throw new RpcException(new Status(StatusCode.NotFound, $"No orchestration instance with id '{request.InstanceId}' exists."));
        }

        await service.SendTaskOrchestrationMessageAsync(new TaskMessage
        {
            Event = new EventRaisedEvent(-1, request.Input) { Name = request.Name },
            OrchestrationInstance = new OrchestrationInstance { InstanceId = request.InstanceId },
        });
        return new P.RaiseEventResponse();
    }

    public override async Task<P.TerminateResponse> TerminateInstance(P.TerminateRequest request, ServerCallContext context)
    {
        await service.ForceTerminateTaskOrchestrationAsync(request.InstanceId, request.Output);
        return new P.TerminateResponse();
    }

    public override async Task<P.SuspendResponse> SuspendInstance(P.SuspendRequest request, ServerCallContext context)
    {
        await SendAsync(request.InstanceId, new ExecutionSuspendedEvent(-1, request.Reason));
        return new P.SuspendResponse();
    }

    public override async Task<P.ResumeResponse> ResumeInstance(P.ResumeRequest request, ServerCallContext context)
    {
        await SendAsync(request.InstanceId, new ExecutionResumedEvent(-1, request.Reason));
        return new P.ResumeResponse();
    }

    public override async Task<P.RewindInstanceResponse> RewindInstance(P.RewindInstanceRequest request, ServerCallContext context)
    {
        await service.RewindTaskOrchestrationAsync(request.InstanceId, request.Reason);
        return new P.RewindInstanceResponse();
    }

    public override async Task<P.PurgeInstancesResponse> PurgeInstances(P.PurgeInstancesRequest request, ServerCallContext context)
    {
        var purge = (IOrchestrationServicePurgeClient)service;
        PurgeResult result;
        if (request.HasInstanceId || !string.IsNullOrEmpty(request.InstanceId))
        {
            result = await purge.PurgeInstanceStateAsync(request.InstanceId);
        }
        else if (request.PurgeInstanceFilter is { } filter)
        {
            result = await purge.PurgeInstanceStateAsync(new PurgeInstanceFilter(
                filter.CreatedTimeFrom?.ToDateTime() ?? DateTime.MinValue,
                filter.CreatedTimeTo?.ToDateTime(),
                filter.RuntimeStatus.Count > 0 ? [.. filter.RuntimeStatus.Select(s => (OrchestrationStatus)s)] : null));
        }
        else
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "A purge needs an instance id or a filter."));
        }

        return new P.PurgeInstancesResponse { DeletedInstanceCount = result.DeletedInstanceCount, IsComplete = result.IsComplete ?? true };
    }

    public override async Task<P.GetInstanceResponse> WaitForInstanceStart(P.GetInstanceRequest request, ServerCallContext context)
    {
        var state = await WaitForAsync(
            request.InstanceId, s => s is not null && s.OrchestrationStatus != OrchestrationStatus.Pending, request.GetInputsAndOutputs, context.CancellationToken);
        return ToResponse(state, request.GetInputsAndOutputs);
    }

    public override async Task<P.GetInstanceResponse> WaitForInstanceCompletion(P.GetInstanceRequest request, ServerCallContext context)
    {
        var state = await WaitForAsync(request.InstanceId, s => s is not null && IsTerminal(s.OrchestrationStatus), request.GetInputsAndOutputs, context.CancellationToken);
        return ToResponse(state, request.GetInputsAndOutputs);
    }

    private static bool IsTerminal(OrchestrationStatus status) =>
        status is OrchestrationStatus.Completed or OrchestrationStatus.Failed or OrchestrationStatus.Terminated or OrchestrationStatus.Canceled;

    private static P.GetInstanceResponse ToResponse(OrchestrationState? state, bool includeData) => state is null
        ? new P.GetInstanceResponse { Exists = false }
        : new P.GetInstanceResponse { Exists = true, OrchestrationState = ProtoConversion.ToProto(state, includeData) };

    private async Task<OrchestrationState?> WaitForAsync(
        string instanceId, Func<OrchestrationState?, bool> done, bool fetchData, CancellationToken cancellationToken, Action? onFirstWait = null)
    {
        var first = true;
        while (true)
        {
            var change = signals.NextChange(instanceId);
            var state = await GetStateAsync(instanceId, fetchData);
            if (done(state))
            {
                return state;
            }

            if (first)
            {
                onFirstWait?.Invoke();
                first = false;
            }

            await Task.WhenAny(change, Task.Delay(PollInterval, time, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private async Task<OrchestrationState?> GetStateAsync(string instanceId, bool fetchData)
    {
        var states = await service.GetOrchestrationStateAsync(instanceId, allExecutions: false, fetchInput: fetchData);
        return states.FirstOrDefault();
    }

    private Task SendAsync(string instanceId, HistoryEvent historyEvent) =>
        service.SendTaskOrchestrationMessageAsync(new TaskMessage
        {
            Event = historyEvent,
            OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId },
        });
}
