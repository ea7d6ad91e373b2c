using DurableTask.Core;
using DurableTask.Core.Command;
using DurableTask.Core.History;
using Google.Protobuf.WellKnownTypes;
using P = Microsoft.DurableTask.Protobuf;

namespace McpOrchestrator.LocalHost.Durable;

/// <summary>Converts between DurableTask.Core's history and actions and the Durable worker's protobuf messages, the way
/// the real Functions host does: every event keeps its id and original timestamp (UTC), completion events point back
/// through <c>TaskScheduledId</c>/<c>TimerId</c>, and the worker's action ids become the ids of the scheduled events.</summary>
internal static class ProtoConversion
{
    public static P.OrchestratorRequest ToRequest(OrchestrationInstance instance, OrchestrationRuntimeState state)
    {
        var request = new P.OrchestratorRequest { InstanceId = instance.InstanceId, ExecutionId = instance.ExecutionId ?? string.Empty };
        request.PastEvents.AddRange(state.PastEvents.Select(ToProto));
        request.NewEvents.AddRange(state.NewEvents.Select(ToProto));
        return request;
    }

    public static P.HistoryEvent ToProto(HistoryEvent e)
    {
        var proto = new P.HistoryEvent { EventId = e.EventId, Timestamp = ToTimestamp(e.Timestamp) };
        switch (e)
        {
            // ContinueAsNewEvent derives from ExecutionCompletedEvent: it must be matched first.
            case ContinueAsNewEvent continued:
                proto.ContinueAsNew = new P.ContinueAsNewEvent { Input = continued.Result };
                break;
            case ExecutionCompletedEvent completed:
                proto.ExecutionCompleted = new P.ExecutionCompletedEvent
                {
                    OrchestrationStatus = (P.OrchestrationStatus)completed.OrchestrationStatus,
                    Result = completed.Result,
                    FailureDetails = ToProto(completed.FailureDetails),
                };
                break;
            case ExecutionStartedEvent started:
                proto.ExecutionStarted = ToProto(started);
                break;
            case ExecutionTerminatedEvent terminated:
                proto.ExecutionTerminated = new P.ExecutionTerminatedEvent { Input = terminated.Input };
                break;
            case ExecutionSuspendedEvent suspended:
                proto.ExecutionSuspended = new P.ExecutionSuspendedEvent { Input = suspended.Reason };
                break;
            case ExecutionResumedEvent resumed:
                proto.ExecutionResumed = new P.ExecutionResumedEvent { Input = resumed.Reason };
                break;
            case TaskScheduledEvent scheduled:
                proto.TaskScheduled = new P.TaskScheduledEvent { Name = scheduled.Name, Version = scheduled.Version, Input = scheduled.Input };
                break;
            case TaskCompletedEvent taskCompleted:
                proto.TaskCompleted = new P.TaskCompletedEvent { TaskScheduledId = taskCompleted.TaskScheduledId, Result = taskCompleted.Result };
                break;
            case TaskFailedEvent taskFailed:
                proto.TaskFailed = new P.TaskFailedEvent
                {
                    TaskScheduledId = taskFailed.TaskScheduledId,
                    FailureDetails = ToProto(taskFailed.FailureDetails) ?? new P.TaskFailureDetails { ErrorType = "TaskFailed", ErrorMessage = taskFailed.Reason ?? string.Empty },
                };
                break;
            case SubOrchestrationInstanceCreatedEvent subCreated:
                proto.SubOrchestrationInstanceCreated = new P.SubOrchestrationInstanceCreatedEvent
                {
                    InstanceId = subCreated.InstanceId,
                    Name = subCreated.Name,
                    Version = subCreated.Version,
                    Input = subCreated.Input,
                };
                break;
            case SubOrchestrationInstanceCompletedEvent subCompleted:
                proto.SubOrchestrationInstanceCompleted = new P.SubOrchestrationInstanceCompletedEvent
                {
                    TaskScheduledId = subCompleted.TaskScheduledId,
                    Result = subCompleted.Result,
                };
                break;
            case SubOrchestrationInstanceFailedEvent subFailed:
                proto.SubOrchestrationInstanceFailed = new P.SubOrchestrationInstanceFailedEvent
                {
                    TaskScheduledId = subFailed.TaskScheduledId,
                    FailureDetails = ToProto(subFailed.FailureDetails) ?? new P.TaskFailureDetails { ErrorType = "SubOrchestrationFailed", ErrorMessage = subFailed.Reason ?? string.Empty },
                };
                break;
            case TimerCreatedEvent timerCreated:
                proto.TimerCreated = new P.TimerCreatedEvent { FireAt = ToTimestamp(timerCreated.FireAt) };
                break;
            case TimerFiredEvent timerFired:
                proto.TimerFired = new P.TimerFiredEvent { TimerId = timerFired.TimerId, FireAt = ToTimestamp(timerFired.FireAt) };
                break;
            case OrchestratorStartedEvent:
                proto.OrchestratorStarted = new P.OrchestratorStartedEvent();
                break;
            case OrchestratorCompletedEvent:
                proto.OrchestratorCompleted = new P.OrchestratorCompletedEvent();
                break;
            case EventSentEvent sent:
                proto.EventSent = new P.EventSentEvent { InstanceId = sent.InstanceId, Name = sent.Name, Input = sent.Input };
                break;
            case EventRaisedEvent raised:
                proto.EventRaised = new P.EventRaisedEvent { Name = raised.Name, Input = raised.Input };
                break;
            case GenericEvent generic:
                proto.GenericEvent = new P.GenericEvent { Data = generic.Data };
                break;
            case HistoryStateEvent historyState:
                proto.HistoryState = new P.HistoryStateEvent { OrchestrationState = ToProto(historyState.State, includeData: true) };
                break;
            default:
                throw new NotSupportedException($"History event type '{e.EventType}' cannot be sent to the Durable worker.");
        }

        return proto;
    }

    public static OrchestratorAction ToAction(P.OrchestratorAction action) => action.OrchestratorActionTypeCase switch
    {
        P.OrchestratorAction.OrchestratorActionTypeOneofCase.ScheduleTask => new ScheduleTaskOrchestratorAction
        {
            Id = action.Id,
            Name = action.ScheduleTask.Name,
            Version = action.ScheduleTask.Version,
            Input = action.ScheduleTask.Input,
            Tags = action.ScheduleTask.Tags.Count > 0 ? new Dictionary<string, string>(action.ScheduleTask.Tags) : null,
        },
        P.OrchestratorAction.OrchestratorActionTypeOneofCase.CreateTimer => new CreateTimerOrchestratorAction
        {
            Id = action.Id,
            FireAt = action.CreateTimer.FireAt.ToDateTime(),
        },
        P.OrchestratorAction.OrchestratorActionTypeOneofCase.CreateSubOrchestration => new CreateSubOrchestrationAction
        {
            Id = action.Id,
            Name = action.CreateSubOrchestration.Name,
            Version = action.CreateSubOrchestration.Version,
            InstanceId = action.CreateSubOrchestration.InstanceId,
            Input = action.CreateSubOrchestration.Input,
            Tags = action.CreateSubOrchestration.Tags.Count > 0 ? new Dictionary<string, string>(action.CreateSubOrchestration.Tags) : null,
        },
        P.OrchestratorAction.OrchestratorActionTypeOneofCase.SendEvent => new SendEventOrchestratorAction
        {
            Id = action.Id,
            Instance = new OrchestrationInstance
            {
                InstanceId = action.SendEvent.Instance.InstanceId,
                ExecutionId = NullIfEmpty(action.SendEvent.Instance.ExecutionId),
            },
            EventName = action.SendEvent.Name,
            EventData = action.SendEvent.Data,
        },
        P.OrchestratorAction.OrchestratorActionTypeOneofCase.CompleteOrchestration => ToAction(action.Id, action.CompleteOrchestration),
        _ => throw new NotSupportedException(
            $"The orchestrator asked for a '{action.OrchestratorActionTypeCase}' action, which this local host does not support (entities and orchestrator-initiated termination are not available).")
    };

    public static P.TaskFailureDetails? ToProto(FailureDetails? failure) => failure is null
        ? null
        : new P.TaskFailureDetails
        {
            ErrorType = failure.ErrorType ?? string.Empty,
            ErrorMessage = failure.ErrorMessage ?? string.Empty,
            StackTrace = failure.StackTrace,
            InnerFailure = ToProto(failure.InnerFailure),
            IsNonRetriable = failure.IsNonRetriable,
        };

    public static FailureDetails? ToCore(P.TaskFailureDetails? failure) => failure is null
        ? null
        : new FailureDetails(failure.ErrorType, failure.ErrorMessage, failure.StackTrace, ToCore(failure.InnerFailure), failure.IsNonRetriable);

    public static P.OrchestrationState ToProto(OrchestrationState state, bool includeData)
    {
        var proto = new P.OrchestrationState
        {
            InstanceId = state.OrchestrationInstance.InstanceId,
            ExecutionId = state.OrchestrationInstance.ExecutionId ?? string.Empty,
            Name = state.Name ?? string.Empty,
            Version = state.Version,
            OrchestrationStatus = (P.OrchestrationStatus)state.OrchestrationStatus,
            CreatedTimestamp = ToTimestamp(state.CreatedTime),
            LastUpdatedTimestamp = ToTimestamp(state.LastUpdatedTime),
            ScheduledStartTimestamp = state.ScheduledStartTime is { } scheduled ? ToTimestamp(scheduled) : null,
            CompletedTimestamp = state.CompletedTime > DateTime.MinValue && state.CompletedTime < DateTime.MaxValue ? ToTimestamp(state.CompletedTime) : null,
            CustomStatus = state.Status,
            FailureDetails = ToProto(state.FailureDetails) ?? FailureFromOutput(state),
            ParentInstanceId = state.ParentInstance?.OrchestrationInstance?.InstanceId,
        };
        if (includeData)
        {
            proto.Input = state.Input;
            proto.Output = state.Output;
        }

        if (state.Tags is { Count: > 0 } tags)
        {
            proto.Tags.Add(tags);
        }

        return proto;
    }

    public static Timestamp ToTimestamp(DateTime time) => Timestamp.FromDateTime(time.Kind switch
    {
        DateTimeKind.Utc => time,
        DateTimeKind.Local => time.ToUniversalTime(),
        _ => DateTime.SpecifyKind(time, DateTimeKind.Utc),
    });

    private static P.ExecutionStartedEvent ToProto(ExecutionStartedEvent started)
    {
        var proto = new P.ExecutionStartedEvent
        {
            Name = started.Name,
            Version = started.Version,
            Input = started.Input,
            OrchestrationInstance = new P.OrchestrationInstance
            {
                InstanceId = started.OrchestrationInstance.InstanceId,
                ExecutionId = started.OrchestrationInstance.ExecutionId ?? string.Empty,
            },
            ScheduledStartTimestamp = started.ScheduledStartTime is { } at ? ToTimestamp(at) : null,
        };
        if (started.ParentInstance is { } parent)
        {
            proto.ParentInstance = new P.ParentInstanceInfo
            {
                Name = parent.Name,
                Version = parent.Version,
                TaskScheduledId = parent.TaskScheduleId,
                OrchestrationInstance = new P.OrchestrationInstance
                {
                    InstanceId = parent.OrchestrationInstance.InstanceId,
                    ExecutionId = parent.OrchestrationInstance.ExecutionId ?? string.Empty,
                },
            };
        }

        if (started.ParentTraceContext is { } trace)
        {
            proto.ParentTraceContext = new P.TraceContext { TraceParent = trace.TraceParent, TraceState = trace.TraceState };
        }

        if (started.Tags is { Count: > 0 } tags)
        {
            proto.Tags.Add(tags);
        }

        return proto;
    }

    private static OrchestrationCompleteOrchestratorAction ToAction(int id, P.CompleteOrchestrationAction complete)
    {
        var action = new OrchestrationCompleteOrchestratorAction
        {
            Id = id,
            OrchestrationStatus = (OrchestrationStatus)complete.OrchestrationStatus,
            Result = complete.Result,
            Details = complete.Details,
            FailureDetails = ToCore(complete.FailureDetails),
            NewVersion = complete.NewVersion,
        };
        foreach (var carried in complete.CarryoverEvents)
        {
            if (carried.EventRaised is { } raised)
            {
                action.CarryoverEvents.Add(new EventRaisedEvent(carried.EventId, raised.Input) { Name = raised.Name });
            }
        }

        return action;
    }

    // The Azure Storage instance table keeps a failed instance's FailureDetails only as its output text,
    // "ErrorType: ErrorMessage" (FailureDetails.ToString()); give the client the details back.
    private static P.TaskFailureDetails? FailureFromOutput(OrchestrationState state)
    {
        if (state.OrchestrationStatus != OrchestrationStatus.Failed || string.IsNullOrEmpty(state.Output))
        {
            return null;
        }

        var separator = state.Output.IndexOf(": ", StringComparison.Ordinal);
        return separator > 0 && !state.Output.AsSpan(0, separator).ContainsAny(" \n\"{")
            ? new P.TaskFailureDetails { ErrorType = state.Output[..separator], ErrorMessage = state.Output[(separator + 2)..] }
            : new P.TaskFailureDetails { ErrorType = "OrchestrationFailed", ErrorMessage = state.Output };
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
