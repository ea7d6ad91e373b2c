using DurableTask.Core;
using DurableTask.Core.Command;
using DurableTask.Core.History;
using Google.Protobuf.WellKnownTypes;
using McpOrchestrator.LocalHost.Durable;
using P = Microsoft.DurableTask.Protobuf;

namespace McpOrchestrator.LocalHost.Tests.Durable;

public sealed class ProtoConversionTests
{
    [Fact]
    public void ToProto_ContinueAsNew_IsContinueAsNewNotExecutionCompleted()
    {
        var proto = ProtoConversion.ToProto(new ContinueAsNewEvent(5, "\"next\""));

        Assert.Equal(P.HistoryEvent.EventTypeOneofCase.ContinueAsNew, proto.EventTypeCase);
        Assert.Equal("\"next\"", proto.ContinueAsNew.Input);
        Assert.Equal(5, proto.EventId);
    }

    [Fact]
    public void ToProto_EventWithUnspecifiedKindTimestamp_KeepsTheTimeAsUtc()
    {
        var at = new DateTime(2026, 12, 2, 10, 0, 0, DateTimeKind.Unspecified);

        var proto = ProtoConversion.ToProto(new TimerFiredEvent(-1, at) { TimerId = 3, Timestamp = at });

        Assert.Equal(Timestamp.FromDateTime(DateTime.SpecifyKind(at, DateTimeKind.Utc)), proto.Timestamp);
        Assert.Equal(3, proto.TimerFired.TimerId);
        Assert.Equal(-1, proto.EventId);
    }

    [Fact]
    public void ToProto_TaskCompleted_PointsBackToItsScheduledEvent()
    {
        var proto = ProtoConversion.ToProto(new TaskCompletedEvent(-1, 7, "42"));

        Assert.Equal(7, proto.TaskCompleted.TaskScheduledId);
        Assert.Equal("42", proto.TaskCompleted.Result);
    }

    [Fact]
    public void ToProto_FailedExecutionCompleted_CarriesStatusAndFailureDetails()
    {
        var proto = ProtoConversion.ToProto(new ExecutionCompletedEvent(9, null, OrchestrationStatus.Failed,
            new FailureDetails("System.InvalidOperationException", "boom", "at X", null, false)));

        Assert.Equal(P.OrchestrationStatus.Failed, proto.ExecutionCompleted.OrchestrationStatus);
        Assert.Equal("boom", proto.ExecutionCompleted.FailureDetails.ErrorMessage);
    }

    [Fact]
    public void ToAction_EveryKindTheWorkerSends_KeepsItsIdAndFields()
    {
        var fireAt = new DateTime(2026, 12, 2, 10, 0, 0, DateTimeKind.Utc);
        var actions = new[]
        {
            new P.OrchestratorAction { Id = 0, ScheduleTask = new P.ScheduleTaskAction { Name = "A", Input = "[1]" } },
            new P.OrchestratorAction { Id = 1, CreateTimer = new P.CreateTimerAction { FireAt = Timestamp.FromDateTime(fireAt) } },
            new P.OrchestratorAction { Id = 2, CreateSubOrchestration = new P.CreateSubOrchestrationAction { Name = "Child", InstanceId = "c1", Input = "2" } },
            new P.OrchestratorAction { Id = 3, SendEvent = new P.SendEventAction { Instance = new P.OrchestrationInstance { InstanceId = "other" }, Name = "E", Data = "\"d\"" } },
            new P.OrchestratorAction
            {
                Id = 4,
                CompleteOrchestration = new P.CompleteOrchestrationAction
                {
                    OrchestrationStatus = P.OrchestrationStatus.ContinuedAsNew,
                    Result = "5",
                    CarryoverEvents = { new P.HistoryEvent { EventId = -1, EventRaised = new P.EventRaisedEvent { Name = "Later", Input = "1" } } },
                },
            },
        }.Select(ProtoConversion.ToAction).ToList();

        Assert.Equal([0, 1, 2, 3, 4], actions.Select(a => a.Id));
        Assert.Equal("A", Assert.IsType<ScheduleTaskOrchestratorAction>(actions[0]).Name);
        Assert.Equal(fireAt, Assert.IsType<CreateTimerOrchestratorAction>(actions[1]).FireAt);
        Assert.Equal("c1", Assert.IsType<CreateSubOrchestrationAction>(actions[2]).InstanceId);
        Assert.Equal("other", Assert.IsType<SendEventOrchestratorAction>(actions[3]).Instance?.InstanceId);
        var complete = Assert.IsType<OrchestrationCompleteOrchestratorAction>(actions[4]);
        Assert.Equal(OrchestrationStatus.ContinuedAsNew, complete.OrchestrationStatus);
        Assert.Equal("Later", Assert.IsType<EventRaisedEvent>(Assert.Single(complete.CarryoverEvents)).Name);
    }

    [Fact]
    public void ToAction_EntityMessage_IsRefusedWithAClearReason()
    {
        var error = Assert.Throws<NotSupportedException>(() => ProtoConversion.ToAction(
            new P.OrchestratorAction { Id = 0, SendEntityMessage = new P.SendEntityMessageAction() }));

        Assert.Contains("entities", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToProto_FailedStateWithOnlyOutputText_GivesFailureDetailsBack()
    {
        var state = new OrchestrationState
        {
            OrchestrationInstance = new OrchestrationInstance { InstanceId = "i", ExecutionId = "e" },
            Name = "X",
            OrchestrationStatus = OrchestrationStatus.Failed,
            Output = "System.TimeoutException: too slow",
            CreatedTime = DateTime.UtcNow,
            LastUpdatedTime = DateTime.UtcNow,
        };

        var proto = ProtoConversion.ToProto(state, includeData: true);

        Assert.Equal("System.TimeoutException", proto.FailureDetails.ErrorType);
        Assert.Equal("too slow", proto.FailureDetails.ErrorMessage);
    }
}
