using System.Reflection;
using McpOrchestrator.Functions.Health;
using McpOrchestrator.LocalRuntime.Metadata;
using McpOrchestrator.TestSupport;
using Microsoft.Azure.Functions.Worker;

namespace McpOrchestrator.Functions.Tests;

/// <summary>Holds the functions.metadata that Microsoft's generator wrote for the app against what the app declares.</summary>
public sealed class FunctionMetadataTests
{
    private static readonly IReadOnlyList<FunctionMetadata> Metadata = FunctionMetadataFile.Load(FunctionsAppProcess.AppDirectory);

    [Fact]
    public void Health_IsAnAnonymousGetOnHealth_WithAnHttpReturn()
    {
        var health = Single("Health");

        Assert.Equal($"{typeof(HealthFunctions).FullName}.{nameof(HealthFunctions.GetHealth)}", health.EntryPoint);
        Assert.Equal("McpOrchestrator.Functions.dll", health.ScriptFile);
        var trigger = health.Trigger;
        Assert.Equal("httpTrigger", trigger.Type);
        Assert.Equal("In", trigger.Direction);
        Assert.Equal("health", trigger.GetString("route"));
        Assert.Equal(["get"], trigger.GetStrings("methods"));
        Assert.Equal("Anonymous", trigger.GetString("authLevel"));
        var output = Assert.Single(health.Bindings, b => b.Direction == "Out");
        Assert.Equal(("$return", "http"), (output.Name, output.Type));
    }

    [Fact]
    public void HealthTimer_RunsEveryThirtySeconds()
    {
        var timer = Single("HealthTimer");

        Assert.Equal($"{typeof(HealthFunctions).FullName}.{nameof(HealthFunctions.RunHealthTimer)}", timer.EntryPoint);
        var trigger = Assert.Single(timer.Bindings);
        Assert.Equal("timerTrigger", trigger.Type);
        Assert.Equal("*/30 * * * * *", trigger.GetString("schedule"));
    }

    [Fact]
    public void EveryFunctionMethod_IsInTheMetadata_AndNothingElse()
    {
        var declared = typeof(HealthFunctions).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static))
            .Select(m => m.GetCustomAttribute<FunctionAttribute>()?.Name)
            .OfType<string>()
            .Order()
            .ToArray();

        Assert.Equal(declared, Metadata.Select(f => f.Name).Order().ToArray());
        Assert.All(Metadata, f => Assert.Single(f.Bindings, b => b.IsTrigger));
    }

    private static FunctionMetadata Single(string name) => Assert.Single(Metadata, f => f.Name == name);
}
