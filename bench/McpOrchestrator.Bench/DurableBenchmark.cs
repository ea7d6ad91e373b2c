using McpOrchestrator.TestSupport;
using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace McpOrchestrator.Bench;

/// <summary>Orchestration overhead per activity: an orchestration of N trivial activities in a row
/// (<c>POST /api/bench/chain/N</c> on the Durable test app, answered when the orchestration has completed) against
/// N direct calls of the same work (<c>POST /api/bench/direct/i</c>, one after the other), on the same host, against
/// the same Azurite. Rounds alternate which goes first.</summary>
public static class DurableBenchmark
{
    public static async Task<DurableResult> RunAsync(BenchStorage storage, BenchOptions options, CancellationToken cancellationToken)
    {
        var environment = new Dictionary<string, string>(storage.AppEnvironment)
        {
            ["AzureFunctionsJobHost__extensions__durableTask__hubName"] = "Bench" + Guid.NewGuid().ToString("N")[..20],
        };
        Progress("starting the Durable test app");
        await using var app = await DurableAppProcess.StartAsync(environment, cancellationToken);
        var activities = options.DurableActivities;

        Progress("warming up (3 orchestrations, 3 x direct calls)");
        for (var i = 0; i < 3; i++)
        {
            await OrchestrateAsync(app, activities, cancellationToken);
            await CallDirectlyAsync(app, activities, cancellationToken);
        }

        var orchestrations = new List<double>(options.DurableRuns);
        var direct = new List<double>(options.DurableRuns);
        for (var round = 0; round < options.DurableRuns; round++)
        {
            Progress($"round {round + 1} of {options.DurableRuns}: {activities} activities");
            if (round % 2 == 0)
            {
                orchestrations.Add(await OrchestrateAsync(app, activities, cancellationToken));
                direct.Add(await CallDirectlyAsync(app, activities, cancellationToken));
            }
            else
            {
                direct.Add(await CallDirectlyAsync(app, activities, cancellationToken));
                orchestrations.Add(await OrchestrateAsync(app, activities, cancellationToken));
            }
        }

        return new DurableResult(activities, orchestrations, direct);
    }

    private static async Task<double> OrchestrateAsync(FunctionsAppProcess app, int activities, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await app.Client.PostAsync(
            string.Create(CultureInfo.InvariantCulture, $"/api/bench/chain/{activities}"), content: null, cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        return response.StatusCode == HttpStatusCode.OK
            ? elapsed.TotalMilliseconds
            : throw new BenchFailedException($"The orchestration of {activities} activities answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}\n{app.Output}");
    }

    private static async Task<double> CallDirectlyAsync(FunctionsAppProcess app, int calls, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < calls; i++)
        {
            using var response = await app.Client.PostAsync(string.Create(CultureInfo.InvariantCulture, $"/api/bench/direct/{i}"), content: null, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new BenchFailedException($"The direct call answered {(int)response.StatusCode}:\n{app.Output}");
            }
        }

        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static void Progress(string message) => Console.Error.WriteLine($"[durable] {message}");
}
