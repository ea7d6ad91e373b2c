using System.Diagnostics;
using System.Net;
using McpOrchestrator.LocalHost.Tests.Http;

namespace McpOrchestrator.LocalHost.Tests.Worker;

public sealed class WorkerCrashTests
{
    [Fact]
    public async Task Crash_WorkerExits_InFlightIs503ThenTheRestartedWorkerServes()
    {
        await using var host = await LocalHostRun.StartAsync();

        var crash = await host.Client.PostAsync(new Uri("/api/crash", UriKind.Relative), null);

        await HttpTriggerTests.AssertProblemAsync(crash, HttpStatusCode.ServiceUnavailable, "worker_unavailable");
        Assert.True(crash.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After is missing");
        await host.App.WaitForLineAsync("The worker process exited unexpectedly");

        var deadline = Stopwatch.StartNew();
        HttpResponseMessage response;
        var sawUnavailable = false;
        while (true)
        {
            response = await host.Client.GetAsync(new Uri("/api/hello", UriKind.Relative));
            if (response.StatusCode == HttpStatusCode.OK)
            {
                break;
            }

            await HttpTriggerTests.AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, "worker_unavailable");
            Assert.NotNull(response.Headers.RetryAfter);
            sawUnavailable = true;
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), "The worker did not come back.");
            await Task.Delay(100);
        }

        Assert.True(sawUnavailable || host.App.Output.Contains("Worker restarted", StringComparison.Ordinal));
        Assert.Equal("hello", await response.Content.ReadAsStringAsync());
        await host.App.WaitForLineAsync(@"Worker restarted \(pid \d+\)");
    }
}
