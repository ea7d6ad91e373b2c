using System.Reflection;
using System.Text.Json.Nodes;
using McpOrchestrator.Functions.Health;
using McpOrchestrator.TestSupport;
using Microsoft.Azure.Functions.Worker;

namespace McpOrchestrator.Functions.Tests;

/// <summary>Holds the build output that Microsoft's Worker.Sdk wrote for the app (what <c>func start</c>, Azure and
/// the local host run) against what the app declares.</summary>
public sealed class FunctionMetadataTests
{
    private static readonly JsonArray Metadata =
        JsonNode.Parse(File.ReadAllText(Path.Combine(FunctionsAppProcess.AppDirectory, "functions.metadata")))!.AsArray();

    [Fact]
    public void BuildOutput_HoldsWhatTheFunctionsHostNeeds()
    {
        var output = FunctionsAppProcess.AppDirectory;

        var worker = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "worker.config.json")))!["description"]!;
        Assert.Equal("dotnet", (string?)worker["defaultExecutablePath"]);
        Assert.Equal("McpOrchestrator.Functions.dll", (string?)worker["defaultWorkerPath"]);
        var extensions = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "extensions.json")))!["extensions"]!.AsArray();
        Assert.Contains(extensions, e => (string?)e!["name"] == "DurableTask");
        Assert.True(Directory.Exists(Path.Combine(output, ".azurefunctions")), "the Worker.Sdk writes .azurefunctions/ with the host's extension assemblies");
    }

    [Fact]
    public void Health_IsAnAnonymousGetOnHealth_WithAnHttpReturn()
    {
        var health = Single("Health");

        Assert.Equal($"{typeof(HealthFunctions).FullName}.{nameof(HealthFunctions.GetHealth)}", (string?)health["entryPoint"]);
        Assert.Equal("McpOrchestrator.Functions.dll", (string?)health["scriptFile"]);
        var trigger = Trigger(health);
        Assert.Equal("httpTrigger", (string?)trigger["type"]);
        Assert.Equal("In", (string?)trigger["direction"]);
        Assert.Equal("health", (string?)trigger["route"]);
        Assert.Equal(["get"], trigger["methods"]!.AsArray().Select(m => (string?)m));
        Assert.Equal("Anonymous", (string?)trigger["authLevel"]);
        var output = Assert.Single(Bindings(health), b => (string?)b["direction"] == "Out");
        Assert.Equal(("$return", "http"), ((string?)output["name"], (string?)output["type"]));
    }

    [Fact]
    public void HealthTimer_RunsEveryThirtySeconds()
    {
        var timer = Single("HealthTimer");

        Assert.Equal($"{typeof(HealthFunctions).FullName}.{nameof(HealthFunctions.RunHealthTimer)}", (string?)timer["entryPoint"]);
        var trigger = Assert.Single(Bindings(timer));
        Assert.Equal("timerTrigger", (string?)trigger["type"]);
        Assert.Equal("*/30 * * * * *", (string?)trigger["schedule"]);
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

        Assert.Equal(declared, Metadata.Select(f => (string)f!["name"]!).Order().ToArray());
        Assert.All(Metadata, f => Assert.Single(Bindings(f!), b => ((string)b["type"]!).EndsWith("Trigger", StringComparison.Ordinal)));
    }

    private static JsonNode Single(string name) => Assert.Single(Metadata, f => (string?)f!["name"] == name)!;

    private static IEnumerable<JsonNode> Bindings(JsonNode function) => function["bindings"]!.AsArray().Select(b => b!);

    private static JsonNode Trigger(JsonNode function) =>
        Assert.Single(Bindings(function), b => ((string)b["type"]!).EndsWith("Trigger", StringComparison.Ordinal));
}
