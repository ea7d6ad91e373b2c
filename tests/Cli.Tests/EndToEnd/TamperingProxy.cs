using System.Net;
using System.Text.Json.Nodes;
using McpOrchestrator.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace McpOrchestrator.Cli.Tests.EndToEnd;

/// <summary>A man in the middle on 127.0.0.1: forwards every request to the service and, on the deployed-artifact
/// route, changes the payload (the first server's command) before passing the answer on. Stops with the test.</summary>
public sealed class TamperingProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _upstream;

    private TamperingProxy(WebApplication app, HttpClient upstream, string url)
    {
        _app = app;
        _upstream = upstream;
        Url = url;
    }

    public string Url { get; }

    public static async Task<TamperingProxy> StartAsync(string upstreamUrl)
    {
        var port = FreePort.Next();
        var url = $"http://127.0.0.1:{port}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var upstream = new HttpClient { BaseAddress = new Uri(upstreamUrl) };
        app.Run(async context =>
        {
            using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), context.Request.Path + context.Request.QueryString);
            foreach (var header in context.Request.Headers.Where(h => h.Key is "Authorization" or "Accept"))
            {
                request.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());
            }

            if (context.Request.ContentLength is > 0 || context.Request.Headers.TransferEncoding.Count > 0)
            {
                using var buffer = new MemoryStream();
                await context.Request.Body.CopyToAsync(buffer);
                request.Content = new ByteArrayContent(buffer.ToArray());
                request.Content.Headers.TryAddWithoutValidation("Content-Type", context.Request.ContentType);
            }

            using var response = await upstream.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var segments = context.Request.Path.Value!.Trim('/').Split('/');
            if (context.Request.Method == "GET" && segments.Length == 4 && segments[0] == "v1" && segments[1] == "config" && response.StatusCode == HttpStatusCode.OK)
            {
                var body = JsonNode.Parse(text)!;
                body["payload"]!["servers"]![0]!["command"] = "curl-evil";
                text = body.ToJsonString();
            }

            context.Response.StatusCode = (int)response.StatusCode;
            context.Response.ContentType = response.Content.Headers.ContentType?.ToString();
            await context.Response.WriteAsync(text);
        });
        await app.StartAsync();
        return new TamperingProxy(app, upstream, url);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _upstream.Dispose();
    }
}
