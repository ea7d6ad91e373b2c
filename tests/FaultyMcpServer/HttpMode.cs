using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace McpOrchestrator.FaultyMcpServer;

/// <summary>Stateless streamable HTTP on <c>POST /mcp</c> (a fresh server and transport per POST, as
/// <c>reference/mcp-sdk-facts.md</c> §3.6 describes), bound to 127.0.0.1, with the HTTP faults of
/// <see cref="FaultState"/>.</summary>
internal static class HttpMode
{
    public static async Task<int> RunAsync(FaultSettings settings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("ModelContextProtocol", LogLevel.Critical);
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, settings.Port));
        builder.Services.AddHttpContextAccessor();
        Program.AddFaultyServer(builder.Services, settings);
        await using var app = builder.Build();
        app.MapPost("/mcp", settings.HangOnStart ? HangAsync : PostAsync);
        app.MapGet("/mcp", context =>
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return Task.CompletedTask;
        });
        app.MapDelete("/mcp", context =>
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return Task.CompletedTask;
        });
        await app.StartAsync();

        // Whoever started the server holds its stdin; when that process goes away, so does the server.
        _ = Task.Run(async () =>
        {
            var buffer = new byte[256];
            using var stdin = Console.OpenStandardInput();
            while (await stdin.ReadAsync(buffer) > 0)
            {
            }

            await app.StopAsync();
        });
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        Console.Out.WriteLine($"listening on {address}/mcp");
        Console.Out.Flush();
        await app.WaitForShutdownAsync();
        return 0;
    }

    private static async Task HangAsync(HttpContext context)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client gave up.
        }
    }

    private static async Task PostAsync(HttpContext context)
    {
        var services = context.RequestServices;
        JsonRpcMessage? message;
        try
        {
            message = await JsonSerializer.DeserializeAsync<JsonRpcMessage>(context.Request.Body, McpJsonUtilities.DefaultOptions, context.RequestAborted);
        }
        catch (JsonException)
        {
            message = null;
        }

        if (message is null)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        if (message is JsonRpcRequest { Method: RequestMethods.ToolsCall }
            && services.GetRequiredService<FaultState>().TakeHttpFault(out var status))
        {
            if (status == 0)
            {
                context.Abort();
                return;
            }

            context.Response.StatusCode = status;
            return;
        }

        if (context.Request.Headers.TryGetValue("MCP-Protocol-Version", out var version))
        {
            message.Context ??= new JsonRpcMessageContext();
            message.Context.ProtocolVersion = version.ToString();
        }

        var loggerFactory = services.GetRequiredService<ILoggerFactory>();
        var options = services.GetRequiredService<IOptionsFactory<McpServerOptions>>().Create(Options.DefaultName);
        options.ScopeRequests = false;
        var transport = new StreamableHttpServerTransport(loggerFactory) { Stateless = true };
        await using var server = McpServer.Create(transport, options, loggerFactory, services);
        var run = server.RunAsync(context.RequestAborted);
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache,no-store";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var wrote = await transport.HandlePostRequestAsync(message, context.Response.Body, context.RequestAborted);
        if (!wrote)
        {
            context.Response.ContentType = null;
            context.Response.StatusCode = StatusCodes.Status202Accepted;
        }

        await transport.DisposeAsync();
        try
        {
            await run;
        }
        catch (OperationCanceledException)
        {
            // The request ended.
        }
    }
}
