using System.Text.Json.Nodes;

namespace McpOrchestrator.Infra.Tests.Support;

/// <summary>One <c>bicep build</c> and one <c>bicep snapshot</c> of main.bicep with main.parameters.json, made once
/// per test run and shared by every test class that needs them (bicep takes seconds per run).</summary>
public sealed class SnapshotFixture : IAsyncLifetime
{
    private static readonly Lazy<Task<(JsonObject Template, DeploymentSnapshot Snapshot)>> Shared = new(CreateAsync);

    private JsonObject? _template;
    private DeploymentSnapshot? _snapshot;

    public DeploymentSnapshot Snapshot => _snapshot ?? throw new InvalidOperationException("Not initialised.");

    /// <summary>The compiled ARM template (<c>bicep build --stdout</c>).</summary>
    public JsonObject Template => _template ?? throw new InvalidOperationException("Not initialised.");

    public async Task InitializeAsync() => (_template, _snapshot) = await Shared.Value;

    public Task DisposeAsync() => Task.CompletedTask;

    private static async Task<(JsonObject, DeploymentSnapshot)> CreateAsync()
    {
        var build = BicepCli.RunAsync(InfraPaths.InfraDirectory, "build", InfraPaths.MainTemplate, "--stdout");
        var snapshot = DeploymentSnapshot.CreateAsync();
        var run = await build;
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"bicep build failed.\n{run}");
        }

        return (JsonNode.Parse(run.StandardOutput)!.AsObject(), await snapshot);
    }
}
