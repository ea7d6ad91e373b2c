using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace McpOrchestrator.Bench;

/// <summary>The startup baseline: the smallest ASP.NET Core app built like the local host builds its host
/// (<see cref="WebApplication.CreateBuilder()"/>, Kestrel on 127.0.0.1 only, default console logging that prints
/// "Application started"), serving <c>GET /health</c>, a small JSON 200, and <c>GET /hello</c>, the text "hello" (the trivial-request baseline).</summary>
public static class BaselineHost
{
    public const string Flag = "--baseline-host";

    /// <summary>Stops the host when its standard input reaches end of file, i.e. when the process that started it
    /// is gone, however it ended.</summary>
    public const string StopWhenStdinClosesFlag = "--stop-when-stdin-closes";

    private const string PortFlag = "--port";

    public static bool IsRequested(IReadOnlyList<string> args) => args.Contains(Flag);

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var portIndex = args.ToList().IndexOf(PortFlag);
        if (portIndex < 0 || portIndex + 1 >= args.Count
            || !int.TryParse(args[portIndex + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            await Console.Error.WriteLineAsync($"{Flag} needs {PortFlag} N with N from 1 to 65535.");
            return 2;
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        await using var app = builder.Build();
        app.MapGet("/health", () => TypedResults.Ok(new BaselineHealth("healthy")));
        app.MapGet("/hello", () => TypedResults.Text("hello"));
        if (args.Contains(StopWhenStdinClosesFlag))
        {
            StopWhenStdinCloses(app.Lifetime);
        }

        await app.RunAsync();
        return 0;
    }

    internal static void StopWhenStdinCloses(IHostApplicationLifetime lifetime)
    {
        var watcher = new Thread(() =>
        {
            using var stdin = Console.OpenStandardInput();
            stdin.CopyTo(Stream.Null);
            lifetime.StopApplication();
        })
        {
            IsBackground = true,
            Name = "stdin watch",
        };
        watcher.Start();
    }
}
