using McpOrchestrator.LocalRuntime.Metadata;

namespace McpOrchestrator.LocalRuntime.Tests.Durable;

/// <summary>Microsoft's metadata generator, run on the Durable test app by the build, indexes the Durable bindings
/// of the local API slice with the binding types the real extension's attributes produce.</summary>
public sealed class DurableMetadataTests
{
    private static readonly IReadOnlyList<FunctionMetadata> Functions = FunctionMetadataFile.Load(DurableTestAppFolder.Path);

    [Fact]
    public void Orchestrator_IsIndexedWithAnOrchestrationTrigger()
    {
        var sequence = Functions.Single(f => f.Name == "Sequence");

        var trigger = Assert.Single(sequence.Bindings);
        Assert.Equal("orchestrationTrigger", trigger.Type);
        Assert.Equal("In", trigger.Direction);
        Assert.Equal("context", trigger.Name);
        Assert.Equal("McpOrchestrator.DurableTestApp.ScenarioOrchestrators.Sequence", sequence.EntryPoint);
        Assert.Equal("McpOrchestrator.DurableTestApp.dll", sequence.ScriptFile);
    }

    [Fact]
    public void Activities_AreIndexedWithAnActivityTrigger_AndStringInputsWithTheirDataType()
    {
        var addOne = Assert.Single(Functions.Single(f => f.Name == "AddOne").Bindings);
        var explode = Assert.Single(Functions.Single(f => f.Name == "Explode").Bindings);

        Assert.Equal(("activityTrigger", "In", "input"), (addOne.Type, addOne.Direction, addOne.Name));
        Assert.Null(addOne.GetString("dataType"));
        Assert.Equal(("activityTrigger", "In", "message"), (explode.Type, explode.Direction, explode.Name));
        Assert.Equal("String", explode.GetString("dataType"));
    }

    [Fact]
    public void DurableClient_IsIndexedAsAnInputBinding_BesideTheHttpTrigger()
    {
        var starter = Functions.Single(f => f.Name == "StartOrchestration");

        Assert.Equal(
            [("httpTrigger", "In", "request"), ("durableClient", "In", "client"), ("http", "Out", "$return")],
            starter.Bindings.Select(b => (b.Type, b.Direction, b.Name)));
    }
}
