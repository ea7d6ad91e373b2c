using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace McpOrchestrator.LocalHostTestApp;

/// <summary>HTTP functions exercising the host's routing, binding, failure, cancellation and process handling.</summary>
public sealed class HttpFunctions(ILogger<HttpFunctions> log)
{
    [Function("Hello")]
    public IActionResult Hello([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "hello")] HttpRequest request)
    {
        log.LogInformation("Hello was called");
        return new OkObjectResult("hello");
    }

    [Function("ItemById")]
    public IActionResult ItemById([HttpTrigger(AuthorizationLevel.Anonymous, "get", "delete", Route = "items/{id:int}")] HttpRequest request, int id) =>
        new OkObjectResult(new { route = "byId", id });

    [Function("ItemByName")]
    public IActionResult ItemByName([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "items/{name}")] HttpRequest request, string name) =>
        new OkObjectResult(new { route = "byName", name });

    [Function("Files")]
    public IActionResult Files([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "files/{*path}")] HttpRequest request, string path) =>
        new OkObjectResult(new { path });

    [Function("Echo")]
    public async Task<IActionResult> Echo([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "echo")] HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        return new OkObjectResult(new { tag = request.Query["tag"].ToString(), length = body.Length, body, contentType = request.ContentType, invocationHeader = request.Headers.ContainsKey("x-ms-invocation-id") });
    }

    [Function("Throws")]
    public IActionResult Throws([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "throw")] HttpRequest request) =>
        throw new InvalidOperationException("secret-internal-detail");

    [Function("Slow")]
    public async Task<IActionResult> Slow([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "slow/{ms:int}")] HttpRequest request, int ms, CancellationToken cancellationToken)
    {
        var tag = request.Query["tag"].ToString();
        Signals.Write($"started-{tag}", "started");
        try
        {
            await Task.Delay(ms, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Signals.Write($"cancelled-{tag}", "cancelled");
            throw;
        }

        return new OkObjectResult(new { slept = ms });
    }

    [Function("Spawn")]
    public IActionResult Spawn([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "spawn")] HttpRequest request)
    {
        // A child that ignores SIGTERM, SIGHUP and SIGINT and never reads stdin: only SIGKILL ends it. With ?group=true
        // it runs in a process group of its own, as the service's stdio MCP servers do (perl setpgrp, then exec), and
        // the answer waits until it says on stdout that it is.
        var grouped = string.Equals(request.Query["group"], "true", StringComparison.Ordinal);
        var start = new ProcessStartInfo(grouped ? "perl" : "sh") { UseShellExecute = false, RedirectStandardOutput = grouped };
        foreach (var argument in grouped ? ["-e", "setpgrp(0, 0) or die; $| = 1; print \"grouped\\n\"; exec { $ARGV[0] } @ARGV or die", "--", "sh"] : Array.Empty<string>())
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("trap '' TERM HUP INT; while :; do sleep 1; done");
        using var child = Process.Start(start)!;
        if (grouped && child.StandardOutput.ReadLine() != "grouped")
        {
            return new ObjectResult("the grouped child did not start") { StatusCode = 500 };
        }

        return new OkObjectResult(new { pid = child.Id });
    }

    [Function("Crash")]
    public IActionResult Crash([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "crash")] HttpRequest request)
    {
        Environment.Exit(3);
        return new OkResult();
    }
}
