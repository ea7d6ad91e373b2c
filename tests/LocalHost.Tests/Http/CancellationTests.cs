using System.Net;

namespace McpOrchestrator.LocalHost.Tests.Http;

public sealed class CancellationTests
{
    [Fact]
    public async Task ClientAbort_SlowFunction_ItsCancellationTokenFires()
    {
        await using var host = await LocalHostRun.StartAsync();
        using var abort = new CancellationTokenSource();

        var call = host.Client.GetAsync(new Uri("/api/slow/600000?tag=abort", UriKind.Relative), abort.Token);
        await host.WaitForSignalAsync("started-abort");
        await abort.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);

        Assert.Equal("cancelled", await host.WaitForSignalAsync("cancelled-abort"));
        await host.App.WaitForLineAsync("sent InvocationCancel");
    }

    [Fact]
    public async Task FunctionTimeout_SlowFunction_Is500ProblemAndTheFunctionIsCancelled()
    {
        await using var host = await LocalHostRun.StartAsync(new Dictionary<string, string>
        {
            ["AzureFunctionsJobHost__functionTimeout"] = "00:00:02",
        });

        var response = await host.Client.GetAsync(new Uri("/api/slow/600000?tag=timeout", UriKind.Relative));

        await HttpTriggerTests.AssertProblemAsync(response, HttpStatusCode.InternalServerError, "function_timeout");
        Assert.Equal("cancelled", await host.WaitForSignalAsync("cancelled-timeout"));
        await host.App.WaitForLineAsync(@"Timeout value of 00:00:02 exceeded by function 'Functions\.Slow'");
    }
}
