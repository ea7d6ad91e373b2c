namespace McpOrchestrator.LocalHost.Tests.Http;

/// <summary>One host running the test app for a whole test class.</summary>
public sealed class HostFixture : IAsyncLifetime
{
    private LocalHostRun? _run;

    internal LocalHostRun Run => _run ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync() => _run = await LocalHostRun.StartAsync();

    public async Task DisposeAsync()
    {
        if (_run is not null)
        {
            await _run.DisposeAsync();
        }
    }
}
