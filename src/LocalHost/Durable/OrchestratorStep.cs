using System.Collections.Concurrent;
using DurableTask.Core;
using DurableTask.Core.Command;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using DurableTask.Core.Middleware;
using Google.Protobuf;
using McpOrchestrator.LocalHost.Extensions;
using P = Microsoft.DurableTask.Protobuf;

namespace McpOrchestrator.LocalHost.Durable;

/// <summary>The orchestration dispatcher's middleware: runs one orchestrator step in the worker (a base64
/// <c>OrchestratorRequest</c> in, a base64 <c>OrchestratorResponse</c> out) and hands the actions to the engine.
/// It holds back timers the queue delivered early, and fails the instance, with the reason, when the worker keeps
/// failing the same step, so a poison step never loops.</summary>
internal sealed class OrchestratorStep(
    DurableOptions options,
    DurableFunctionCatalog catalog,
    IWorkerFunctions worker,
    TimeProvider time,
    ILogger logger,
    CancellationToken stopping)
{

    private readonly ConcurrentDictionary<string, int> _abandons = new(StringComparer.Ordinal);

    public async Task InvokeAsync(DispatchMiddlewareContext context, Func<Task> next)
    {
        var state = context.GetProperty<OrchestrationRuntimeState>();
        var instance = context.GetProperty<OrchestrationInstance>();
        if (state is null || instance is null)
        {
            context.SetProperty(Failure("The engine gave the orchestrator step no runtime state or instance."));
            return;
        }

        var function = catalog.Orchestrator(state.Name);
        if (function is null)
        {
            DurableLog.UnknownOrchestrator(logger, state.Name, instance.InstanceId);
            context.SetProperty(Failure($"The function '{state.Name}' doesn't exist, is disabled, or is not an orchestrator function."));
            return;
        }

        await HoldBackEarlyTimersAsync(state, instance);

        var encoded = Convert.ToBase64String(ProtoConversion.ToRequest(instance, state).ToByteArray());
        var stepKey = $"{instance.InstanceId}|{instance.ExecutionId}|{state.PastEvents.Count}";
        string? lastError = null;
        for (var attempt = 1; attempt <= options.MaxOrchestratorAttempts; attempt++)
        {
            InvocationOutcome outcome;
            try
            {
                outcome = await worker.InvokeAsync(
                    function.FunctionName,
                    [new InvocationInput(function.TriggerBindingName, new InvocationValue.Text(encoded))],
                    new Dictionary<string, InvocationValue>(),
                    $"Orchestration instance '{instance.InstanceId}'",
                    stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                throw new SessionAbortedException("The local host is stopping; the orchestrator step is abandoned and retried later.");
            }
            catch (WorkerUnavailableException e)
            {
                var abandons = _abandons.AddOrUpdate(stepKey, 1, (_, count) => count + 1);
                if (abandons >= options.MaxOrchestratorAbandons)
                {
                    _abandons.TryRemove(stepKey, out _);
                    DurableLog.OrchestratorPoisoned(logger, function.FunctionName, instance.InstanceId, abandons);
                    context.SetProperty(Failure($"The orchestrator function '{function.FunctionName}' could not run: no worker was available for the same step {abandons} times in a row ({e.Message}). The instance is failed rather than retried forever."));
                    return;
                }

                DurableLog.OrchestratorAbandoned(logger, function.FunctionName, instance.InstanceId, e.Message);
                throw new SessionAbortedException($"No worker is available: {e.Message}", e);
            }

            if (TryReadResponse(outcome, out var response, out lastError))
            {
                try
                {
                    var actions = response.Actions.Select(ProtoConversion.ToAction).ToList();
                    _abandons.TryRemove(stepKey, out _);
                    context.SetProperty(new OrchestratorExecutionResult { Actions = actions, CustomStatus = response.CustomStatus });
                }
                catch (NotSupportedException e)
                {
                    context.SetProperty(Failure(e.Message));
                }

                return;
            }

            DurableLog.OrchestratorAttemptFailed(logger, function.FunctionName, instance.InstanceId, attempt, options.MaxOrchestratorAttempts, lastError);
            if (attempt < options.MaxOrchestratorAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), time, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (stopping.IsCancellationRequested)
                {
                    throw new SessionAbortedException("The local host is stopping; the orchestrator step is abandoned and retried later.");
                }
            }
        }

        _abandons.TryRemove(stepKey, out _);
        DurableLog.OrchestratorPoisoned(logger, function.FunctionName, instance.InstanceId, options.MaxOrchestratorAttempts);
        context.SetProperty(Failure($"The orchestrator function '{function.FunctionName}' failed the same step {options.MaxOrchestratorAttempts} times without a valid answer from the Durable worker: {lastError}"));
    }

    // Azure Storage can deliver a TimerFired message up to about a second before its FireAt. Wait for FireAt, then
    // date the step (OrchestratorStarted, the orchestrator's CurrentUtcDateTime, persisted with the history) no
    // earlier than it, so a timer is never seen to fire early, now or on replay.
    private async Task HoldBackEarlyTimersAsync(OrchestrationRuntimeState state, OrchestrationInstance instance)
    {
        var fireAt = state.NewEvents.OfType<TimerFiredEvent>().Select(t => Utc(t.FireAt)).DefaultIfEmpty(DateTime.MinValue).Max();
        var early = fireAt - time.GetUtcNow().UtcDateTime;
        if (early <= TimeSpan.Zero)
        {
            return;
        }

        DurableLog.TimerHeldBack(logger, instance.InstanceId, early.TotalMilliseconds);
        await Task.Delay(early + TimeSpan.FromMilliseconds(1), time, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (stopping.IsCancellationRequested)
        {
            throw new SessionAbortedException("The local host is stopping; the orchestrator step is abandoned and retried later.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        foreach (var started in state.NewEvents.OfType<OrchestratorStartedEvent>())
        {
            if (Utc(started.Timestamp) < now)
            {
                started.Timestamp = now;
            }
        }
    }

    // A failed completion with failure details (the engine's ForFailure would keep only a JSON message as output).
    private static OrchestratorExecutionResult Failure(string message) => new()
    {
        Actions =
        [
            new OrchestrationCompleteOrchestratorAction
            {
                OrchestrationStatus = OrchestrationStatus.Failed,
                Result = message,
                FailureDetails = new FailureDetails("OrchestratorStepFailed", message, stackTrace: null, innerFailure: null, isNonRetriable: true),
            },
        ],
    };

    private static bool TryReadResponse(InvocationOutcome outcome, out P.OrchestratorResponse response, out string? error)
    {
        response = null!;
        if (!outcome.Succeeded)
        {
            error = outcome.Failure is { } failure
                ? $"the invocation failed: {failure.ExceptionType}: {failure.Message}"
                : "the invocation failed without a reason";
            return false;
        }

        try
        {
            var bytes = outcome.ReturnValue switch
            {
                InvocationValue.Text text => Convert.FromBase64String(text.Value),
                InvocationValue.Json json => Convert.FromBase64String(System.Text.Json.JsonSerializer.Deserialize<string>(json.Value) ?? string.Empty),
                InvocationValue.Bytes raw => raw.Value.ToArray(),
                _ => [],
            };
            if (bytes.Length == 0)
            {
                error = "the worker returned no OrchestratorResponse (is the function an [OrchestrationTrigger] with the Durable worker extension?)";
                return false;
            }

            response = P.OrchestratorResponse.Parser.ParseFrom(bytes);
            error = null;
            return true;
        }
        catch (Exception e) when (e is FormatException or InvalidProtocolBufferException or System.Text.Json.JsonException)
        {
            error = $"the worker's answer is not a base64 OrchestratorResponse ({e.Message})";
            return false;
        }
    }

    private static DateTime Utc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Utc => time,
        DateTimeKind.Local => time.ToUniversalTime(),
        _ => DateTime.SpecifyKind(time, DateTimeKind.Utc),
    };
}
