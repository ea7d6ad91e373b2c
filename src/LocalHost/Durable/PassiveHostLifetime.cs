namespace McpOrchestrator.LocalHost.Durable;

/// <summary>A lifetime that listens to no signal: the sidecar server starts and stops only when the extension says.</summary>
internal sealed class PassiveHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
