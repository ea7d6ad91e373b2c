using McpOrchestrator.LocalRuntime.Invocation;
using Microsoft.DurableTask;

namespace McpOrchestrator.LocalRuntime.Durable;

/// <summary>The app's orchestrator and activity functions by task name (the trigger's <c>orchestration</c> /
/// <c>activity</c> property in functions.metadata, else the function name; compared case-insensitively, like
/// <see cref="TaskName"/>), and whether anything binds a Durable client.</summary>
internal sealed class DurableFunctionRegistry
{
    public const string OrchestrationTrigger = "orchestrationTrigger";
    public const string ActivityTrigger = "activityTrigger";
    public const string DurableClient = "durableClient";

    private readonly Dictionary<string, LocalFunctionDefinition> _orchestrators = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, LocalFunctionDefinition> _activities = new(StringComparer.OrdinalIgnoreCase);

    public DurableFunctionRegistry(IEnumerable<LocalFunctionDefinition> functions)
    {
        foreach (var function in functions)
        {
            var trigger = function.Metadata.Trigger;
            if (trigger.Type == OrchestrationTrigger)
            {
                Add(_orchestrators, trigger.GetString("orchestration") ?? function.Name, function, "orchestrator");
            }
            else if (trigger.Type == ActivityTrigger)
            {
                Add(_activities, trigger.GetString("activity") ?? function.Name, function, "activity");
            }

            UsesClient |= function.Metadata.Bindings.Any(b => b.Type == DurableClient);
        }
    }

    public bool HasOrchestrators => _orchestrators.Count > 0;

    public bool HasActivities => _activities.Count > 0;

    public bool UsesClient { get; }

    /// <summary>Whether the app needs the Durable engine or client at all.</summary>
    public bool IsUsed => HasOrchestrators || HasActivities || UsesClient;

    public LocalFunctionDefinition? Orchestrator(string name) => _orchestrators.GetValueOrDefault(name);

    public LocalFunctionDefinition? Activity(string name) => _activities.GetValueOrDefault(name);

    private static void Add(Dictionary<string, LocalFunctionDefinition> functions, string name, LocalFunctionDefinition function, string kind)
    {
        if (!functions.TryAdd(name, function))
        {
            throw new InvalidOperationException(
                $"Functions '{functions[name].Name}' and '{function.Name}' are both the {kind} '{name}'. Task names are case-insensitive and must be unique.");
        }
    }
}
