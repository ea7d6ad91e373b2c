using System.Text.Json.Nodes;

namespace McpOrchestrator.Infra.Tests.Support;

/// <summary>One <c>bicep build</c> and one <c>bicep snapshot</c> of main.bicep with main.parameters.json, shared by the
/// tests of a class (each takes a few seconds).</summary>
public sealed class SnapshotFixture : IAsyncLifetime
{
    private DeploymentSnapshot? _snapshot;
    private JsonObject? _template;

    public DeploymentSnapshot Snapshot => _snapshot ?? throw new InvalidOperationException("Not initialised.");

    /// <summary>The compiled ARM template (<c>bicep build --stdout</c>).</summary>
    public JsonObject Template => _template ?? throw new InvalidOperationException("Not initialised.");

    public async Task InitializeAsync()
    {
        var build = BicepCli.RunAsync(InfraPaths.InfraDirectory, "build", InfraPaths.MainTemplate, "--stdout");
        var snapshot = DeploymentSnapshot.CreateAsync();
        var run = await build;
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"bicep build failed.\n{run}");
        }

        _template = JsonNode.Parse(run.StandardOutput)!.AsObject();
        _snapshot = await snapshot;
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
