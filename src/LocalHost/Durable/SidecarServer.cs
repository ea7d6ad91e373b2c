using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace McpOrchestrator.LocalHost.Durable;

/// <summary>The loopback HTTP/2 gRPC listener (127.0.0.1, a free port, no TLS) that serves <see cref="TaskHubSidecar"/>
/// to the worker's <c>[DurableClient]</c> bindings. It is not reachable from other machines and exposes nothing else
/// (in particular not the Durable HTTP management webhooks).</summary>
internal sealed class SidecarServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SidecarServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The absolute base address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Address { get; }

    public static async Task<SidecarServer> StartAsync(TaskHubSidecar sidecar, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(SidecarServer).Assembly.GetName().Name });
        // The host's own logging, without the second server's start-up lines ("Application started" is the host's
        // ready signal), and no console lifetime: the host alone handles Ctrl+C and SIGTERM.
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new ForwardingLoggerProvider(loggerFactory));
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.None);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.AddSingleton<IHostLifetime, PassiveHostLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2);
            kestrel.Limits.MaxRequestBodySize = null;
        });
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = null;
            grpc.MaxSendMessageSize = null;
            grpc.EnableDetailedErrors = true;
        });
        builder.Services.AddSingleton(sidecar);
        var app = builder.Build();
        app.MapGrpcService<TaskHubSidecar>();
        await app.StartAsync(cancellationToken);

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var port = new Uri(bound).Port;
        return new SidecarServer(app, new Uri($"http://127.0.0.1:{port.ToString(System.Globalization.CultureInfo.InvariantCulture)}/"));
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}
