using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Forwarder;

namespace McpOrchestrator.Bench;

/// <summary>The floor of any host that forwards each request to another process: a bare YARP
/// <see cref="IHttpForwarder"/> on 127.0.0.1 in front of the minimal app (<see cref="BaselineHost"/>), with the
/// local host's forwarding client settings and no routing, pairing, logging or middleware of its own. What the local
/// host costs above it is its own work and the worker's; what it costs above the minimal app is the hop itself.</summary>
public static class BaselineForwarder
{
    public const string Flag = "--baseline-forwarder";

    private const string PortFlag = "--port";
    private const string DestinationFlag = "--destination";

    public static bool IsRequested(IReadOnlyList<string> args) => args.Contains(Flag);

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var list = args.ToList();
        var portIndex = list.IndexOf(PortFlag);
        var destinationIndex = list.IndexOf(DestinationFlag);
        if (portIndex < 0 || portIndex + 1 >= list.Count
            || !int.TryParse(list[portIndex + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535
            || destinationIndex < 0 || destinationIndex + 1 >= list.Count
            || !Uri.TryCreate(list[destinationIndex + 1], UriKind.Absolute, out var destination))
        {
            await Console.Error.WriteLineAsync($"{Flag} needs {PortFlag} N (1 to 65535) and {DestinationFlag} URL.");
            return 2;
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole();
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Services.AddHttpForwarder();
        await using var app = builder.Build();
        using var invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ActivityHeadersPropagator = DistributedContextPropagator.CreateNoOutputPropagator(),
            ConnectTimeout = TimeSpan.FromSeconds(15),
        });
        var forwarder = app.Services.GetRequiredService<IHttpForwarder>();
        var target = destination.ToString();
        app.Run(async context => _ = await forwarder.SendAsync(context, target, invoker));
        if (list.Contains(BaselineHost.StopWhenStdinClosesFlag))
        {
            BaselineHost.StopWhenStdinCloses(app.Lifetime);
        }

        await app.RunAsync();
        return 0;
    }
}
