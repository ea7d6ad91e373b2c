using System.Diagnostics;
using System.Net;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Bench;

/// <summary>Time from starting a host process to its first 200 from <c>GET /health</c>: the Functions app on the
/// local host against a minimal ASP.NET Core app (<see cref="BaselineHost"/>) started the same way. Starts
/// alternate between the two; one start of each before the measured ones warms the disk cache and this process.</summary>
public static class StartupBenchmark
{
    public static async Task<StartupResult> RunAsync(BenchStorage storage, BenchOptions options, CancellationToken cancellationToken)
    {
        Progress("one unmeasured start of each host");
        await TimeBaselineAsync(cancellationToken);
        await TimeFunctionsAppAsync(storage, cancellationToken);

        var baseline = new List<double>(options.StartupRuns);
        var functions = new List<double>(options.StartupRuns);
        for (var run = 0; run < options.StartupRuns; run++)
        {
            Progress($"start {run + 1} of {options.StartupRuns}");
            if (run % 2 == 0)
            {
                baseline.Add(await TimeBaselineAsync(cancellationToken));
                functions.Add(await TimeFunctionsAppAsync(storage, cancellationToken));
            }
            else
            {
                functions.Add(await TimeFunctionsAppAsync(storage, cancellationToken));
                baseline.Add(await TimeBaselineAsync(cancellationToken));
            }
        }

        return new StartupResult(baseline, functions);
    }

    private static async Task<double> TimeBaselineAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await using var host = await BaselineHostProcess.StartAsync(cancellationToken);
        using var response = await host.Client.GetAsync("/health", cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        return response.StatusCode == HttpStatusCode.OK
            ? elapsed.TotalMilliseconds
            : throw new BenchFailedException($"The baseline host's first GET /health answered {(int)response.StatusCode}:\n{host.Output}");
    }

    private static async Task<double> TimeFunctionsAppAsync(BenchStorage storage, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await using var app = await FunctionsAppProcess.StartAsync(storage.AppEnvironment).WaitAsync(cancellationToken);
        using var response = await app.Client.GetAsync("/health", cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        return response.StatusCode == HttpStatusCode.OK
            ? elapsed.TotalMilliseconds
            : throw new BenchFailedException($"The Functions app's first GET /health answered {(int)response.StatusCode}:\n{app.Output}");
    }

    private static void Progress(string message) => Console.Error.WriteLine($"[startup] {message}");
}
