using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace McpOrchestrator.Core.Live;

/// <summary>Starts and stops the <see cref="LiveSet"/> with the host. The live set (and the MCP connectivity behind
/// it) is resolved when the host starts, not when hosted services are listed, so a container that is only built and
/// inspected creates no live connection machinery.</summary>
internal sealed class LiveSetHostedService(IServiceProvider services) : IHostedService
{
    private LiveSet? _live;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _live = services.GetRequiredService<LiveSet>();
        return _live.StartAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => _live?.StopAsync(cancellationToken) ?? Task.CompletedTask;
}
