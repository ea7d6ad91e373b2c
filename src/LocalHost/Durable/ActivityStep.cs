using System.Text.Json;
using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using DurableTask.Core.Middleware;
using McpOrchestrator.LocalHost.Extensions;

namespace McpOrchestrator.LocalHost.Durable;

/// <summary>The activity dispatcher's middleware: runs an activity in the worker with its input as plain JSON and
/// records its JSON result as <c>TaskCompleted</c>, or its exception as <c>TaskFailed</c> with failure details.</summary>
internal sealed class ActivityStep(DurableFunctionCatalog catalog, IWorkerFunctions worker, ILogger logger, CancellationToken stopping)
{

    public async Task InvokeAsync(DispatchMiddlewareContext context, Func<Task> next)
    {
        var scheduled = context.GetProperty<TaskScheduledEvent>();
        var instance = context.GetProperty<OrchestrationInstance>();
        var name = scheduled.Name ?? string.Empty;
        var function = catalog.Activity(name);
        if (function is null)
        {
            DurableLog.UnknownActivity(logger, name, instance.InstanceId);
            context.SetProperty(Failed(scheduled, new FailureDetails(
                "ActivityFunctionNotFound",
                $"The activity function '{name}' doesn't exist, is disabled, or is not an activity function.",
                stackTrace: null,
                innerFailure: null,
                isNonRetriable: false)));
            return;
        }

        List<InvocationInput> inputs = [];
        if (UnwrapInput(scheduled.Input) is { } json)
        {
            inputs.Add(new InvocationInput(function.TriggerBindingName, new InvocationValue.Json(json)));
        }

        InvocationOutcome outcome;
        try
        {
            outcome = await worker.InvokeAsync(
                function.FunctionName,
                inputs,
                new Dictionary<string, InvocationValue> { ["instanceId"] = new InvocationValue.Text(instance.InstanceId) },
                $"Activity of orchestration instance '{instance.InstanceId}'",
                stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            throw new SessionAbortedException("The local host is stopping; the activity is abandoned and retried later.");
        }
        catch (WorkerUnavailableException e)
        {
            DurableLog.ActivityAbandoned(logger, function.FunctionName, instance.InstanceId, e.Message);
            throw new SessionAbortedException($"No worker is available: {e.Message}", e);
        }

        if (outcome.Succeeded)
        {
            context.SetProperty(new ActivityExecutionResult
            {
                ResponseEvent = new TaskCompletedEvent(-1, scheduled.EventId, ToJson(outcome.ReturnValue)),
            });
            return;
        }

        context.SetProperty(Failed(scheduled, ToFailureDetails(outcome.Failure, function.FunctionName)));
    }

    /// <summary>The activity's exception as failure details. The Durable worker extension puts them, as JSON
    /// (<c>{"errorType", "errorMessage", "stackTrace", "innerFailure"}</c>), in the invocation's exception message;
    /// other workers send "Type: message" or only a type.</summary>
    internal static FailureDetails ToFailureDetails(InvocationFailure? failure, string functionName)
    {
        var message = failure?.Message ?? $"The activity function '{functionName}' failed without a reason.";
        if (message.TrimStart().StartsWith('{'))
        {
            try
            {
                using var document = JsonDocument.Parse(message);
                if (FromJson(document.RootElement) is { } details)
                {
                    return details;
                }
            }
            catch (JsonException)
            {
                // Not the worker's JSON: taken as text below.
            }
        }

        const string TypeStart = "Exception of type '";
        const string TypeEnd = "' was thrown.";
        if (message.StartsWith(TypeStart, StringComparison.Ordinal) && message.EndsWith(TypeEnd, StringComparison.Ordinal))
        {
            return new FailureDetails(message[TypeStart.Length..^TypeEnd.Length], string.Empty, failure?.StackTrace, innerFailure: null, isNonRetriable: false);
        }

        return new FailureDetails(failure?.ExceptionType ?? "(unknown)", message, failure?.StackTrace, innerFailure: null, isNonRetriable: false);
    }

    private static FailureDetails? FromJson(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        string? Text(string name) =>
            element.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Value is { ValueKind: JsonValueKind.String } value
                ? value.GetString()
                : null;

        var type = Text("errorType");
        if (type is null)
        {
            return null;
        }

        var inner = element.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, "innerFailure", StringComparison.OrdinalIgnoreCase)).Value;
        var nonRetriable = element.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, "isNonRetriable", StringComparison.OrdinalIgnoreCase)).Value;
        return new FailureDetails(
            type,
            Text("errorMessage") ?? string.Empty,
            Text("stackTrace"),
            FromJson(inner),
            nonRetriable.ValueKind == JsonValueKind.True);
    }

    /// <summary>Activity inputs travel as a one-element JSON array (a DurableTask.Core convention); the worker wants
    /// the element itself.</summary>
    internal static string? UnwrapInput(string? input)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(input);
            return document.RootElement is { ValueKind: JsonValueKind.Array } array && array.GetArrayLength() == 1
                ? array[0].GetRawText()
                : input;
        }
        catch (JsonException)
        {
            return input;
        }
    }

    /// <summary>The activity's result as the JSON the orchestrator deserializes: the real host serializes whatever
    /// the worker returned, so a string result becomes a JSON string.</summary>
    internal static string? ToJson(InvocationValue? value) => value switch
    {
        InvocationValue.Json json => json.Value,
        InvocationValue.Text text => JsonSerializer.Serialize(text.Value),
        InvocationValue.Bytes bytes => JsonSerializer.Serialize(Convert.ToBase64String(bytes.Value.Span)),
        _ => null,
    };

    private static ActivityExecutionResult Failed(TaskScheduledEvent scheduled, FailureDetails failure) => new()
    {
        ResponseEvent = new TaskFailedEvent(-1, scheduled.EventId, failure.ErrorMessage, details: null, failure),
    };
}
