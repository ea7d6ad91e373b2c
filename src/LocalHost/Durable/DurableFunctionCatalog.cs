using System.Text.Json.Nodes;
using McpOrchestrator.LocalHost.Extensions;

namespace McpOrchestrator.LocalHost.Durable;

/// <summary>The worker's orchestrator and activity functions by the names orchestrations use for them (the trigger's
/// <c>orchestration</c>/<c>activity</c> property, else the function name; case-insensitive as in the real extension).</summary>
internal sealed class DurableFunctionCatalog
{
    public const string OrchestrationTrigger = "orchestrationTrigger";
    public const string ActivityTrigger = "activityTrigger";
    public const string DurableClient = "durableClient";

    private readonly Dictionary<string, DurableFunction> _orchestrators = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, DurableFunction> _activities = new(StringComparer.OrdinalIgnoreCase);

    public DurableFunctionCatalog(IEnumerable<LoadedFunction> functions)
    {
        foreach (var function in functions)
        {
            foreach (var binding in function.Bindings)
            {
                if (string.Equals(binding.Type, OrchestrationTrigger, StringComparison.OrdinalIgnoreCase))
                {
                    _orchestrators[NameOf(binding, "orchestration", function.Name)] = new DurableFunction(function.Name, binding.Name);
                }
                else if (string.Equals(binding.Type, ActivityTrigger, StringComparison.OrdinalIgnoreCase))
                {
                    _activities[NameOf(binding, "activity", function.Name)] = new DurableFunction(function.Name, binding.Name);
                }
            }
        }
    }

    public int OrchestratorCount => _orchestrators.Count;

    public int ActivityCount => _activities.Count;

    public DurableFunction? Orchestrator(string name) => _orchestrators.GetValueOrDefault(name);

    public DurableFunction? Activity(string name) => _activities.GetValueOrDefault(name);

    private static string NameOf(FunctionBinding binding, string property, string functionName) =>
        binding.Raw.FirstOrDefault(p => string.Equals(p.Key, property, StringComparison.OrdinalIgnoreCase)).Value is JsonValue value
        && value.TryGetValue<string>(out var name) && !string.IsNullOrWhiteSpace(name)
            ? name
            : functionName;
}
