using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpOrchestrator.LocalHost.Extensions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker.Grpc;
using Microsoft.Extensions.DependencyInjection;

namespace McpOrchestrator.LocalHost.Tests.Durable;

/// <summary>The worker side of the bridge, in-process: orchestrators run in Microsoft's real worker-side runner
/// (<see cref="GrpcOrchestrationRunner"/>, what the isolated worker's Durable middleware calls) on the base64 request
/// the extension sends; activities are delegates over the plain JSON input. It can also misbehave on purpose: fail
/// invocations, answer garbage, or be unavailable.</summary>
internal sealed class InProcessWorker : IWorkerFunctions
{
    private readonly Dictionary<string, Func<string, string>> _orchestrators = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Func<string?, CancellationToken, Task<object?>>> _activities = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Func<InvocationOutcome>> _broken = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _invocations = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<LoadedFunction> _functions = [];
    private readonly IServiceProvider _services = new ServiceCollection().BuildServiceProvider();

    public IReadOnlyList<LoadedFunction> Functions => _functions;

    /// <summary>Set to make every invocation throw <see cref="WorkerUnavailableException"/>, as while the worker restarts.</summary>
    public bool Unavailable { get; set; }

    public int InvocationsOf(string functionName) => _invocations.GetValueOrDefault(functionName);

    public InProcessWorker Orchestrator<TInput, TOutput>(string name, Func<TaskOrchestrationContext, TInput?, Task<TOutput?>> body)
    {
        _orchestrators[name] = request => GrpcOrchestrationRunner.LoadAndRun(request, body, _services);
        _functions.Add(Function(name, "orchestrationTrigger", "context"));
        return this;
    }

    public InProcessWorker Activity<TInput, TOutput>(string name, Func<TInput?, CancellationToken, Task<TOutput?>> body)
    {
        _activities[name] = async (json, cancellationToken) =>
            await body(json is null ? default : JsonSerializer.Deserialize<TInput>(json), cancellationToken);
        _functions.Add(Function(name, "activityTrigger", "input"));
        return this;
    }

    /// <summary>An HTTP function with a <c>[DurableClient]</c> input, as an app that only starts orchestrations has.</summary>
    public InProcessWorker ClientFunction(string name)
    {
        _functions.Add(new LoadedFunction(name, Guid.NewGuid().ToString("N"),
        [
            new FunctionBinding("request", "httpTrigger", "in", new JsonObject { ["name"] = "request", ["type"] = "httpTrigger", ["direction"] = "In" }),
            new FunctionBinding("client", "durableClient", "in", new JsonObject { ["name"] = "client", ["type"] = "durableClient", ["direction"] = "In" }),
        ]));
        return this;
    }

    /// <summary>An orchestrator function that the worker never runs properly: every invocation gives <paramref name="outcome"/>.</summary>
    public InProcessWorker BrokenOrchestrator(string name, Func<InvocationOutcome> outcome)
    {
        _broken[name] = outcome;
        _functions.Add(Function(name, "orchestrationTrigger", "context"));
        return this;
    }

    public async Task<InvocationOutcome> InvokeAsync(
        string functionName,
        IReadOnlyList<InvocationInput> inputs,
        IReadOnlyDictionary<string, InvocationValue> triggerMetadata,
        string reason,
        CancellationToken cancellationToken)
    {
        _invocations.AddOrUpdate(functionName, 1, (_, count) => count + 1);
        if (Unavailable)
        {
            throw new WorkerUnavailableException("The worker is restarting (test).");
        }

        if (_broken.TryGetValue(functionName, out var broken))
        {
            return broken();
        }

        if (_orchestrators.TryGetValue(functionName, out var orchestrator))
        {
            var request = inputs.Single(i => i.Name == "context").Value as InvocationValue.Text
                ?? throw new InvalidOperationException("The orchestrator trigger must be a text (base64) value.");
            return Success(new InvocationValue.Text(orchestrator(request.Value)));
        }

        var activity = _activities[functionName];
        var input = inputs.SingleOrDefault(i => i.Name == "input")?.Value switch
        {
            null => null,
            InvocationValue.Json json => json.Value,
            var other => throw new InvalidOperationException($"Activity input must be JSON, not {other.GetType().Name}."),
        };
        try
        {
            var result = await activity(input, cancellationToken);
            return Success(result is null ? null : new InvocationValue.Json(JsonSerializer.Serialize(result)));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return Failure(e.GetType().FullName, e.Message);
        }
    }

    public static InvocationOutcome Success(InvocationValue? value) => new(true, value, new Dictionary<string, InvocationValue>(), null);

    public static InvocationOutcome Failure(string? type, string message) =>
        new(false, null, new Dictionary<string, InvocationValue>(), new InvocationFailure(type, message, StackTrace: null));

    private static LoadedFunction Function(string name, string triggerType, string bindingName) =>
        new(name, Guid.NewGuid().ToString("N"),
        [
            new FunctionBinding(bindingName, triggerType, "in", new JsonObject { ["name"] = bindingName, ["type"] = triggerType, ["direction"] = "In" }),
        ]);
}
