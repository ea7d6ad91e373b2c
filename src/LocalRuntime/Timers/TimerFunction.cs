using McpOrchestrator.LocalRuntime.Invocation;
using Microsoft.Extensions.Configuration;

namespace McpOrchestrator.LocalRuntime.Timers;

/// <summary>A timer function with its resolved schedule.</summary>
internal sealed record TimerFunction(LocalFunctionDefinition Function, TimerSchedule Schedule, bool RunOnStartup, bool UseMonitor)
{
    /// <summary>Resolves <c>%Setting%</c> schedules from configuration, as the Functions host does.</summary>
    public static TimerFunction Create(LocalFunctionDefinition function, IConfiguration configuration)
    {
        var trigger = function.Metadata.Trigger;
        var expression = trigger.GetString("schedule")
            ?? throw new InvalidOperationException($"Timer function '{function.Name}' has no schedule in functions.metadata.");
        if (expression.Length > 2 && expression[0] == '%' && expression[^1] == '%')
        {
            var setting = expression[1..^1];
            expression = configuration[setting.Replace("__", ":", StringComparison.Ordinal)]
                ?? throw new InvalidOperationException($"Timer function '{function.Name}' takes its schedule from app setting '{setting}', which is not set.");
        }

        return new TimerFunction(function, TimerSchedule.Parse(expression), trigger.GetBoolean("runOnStartup"),
            !trigger.Properties.ContainsKey("useMonitor") || trigger.GetBoolean("useMonitor"));
    }
}
