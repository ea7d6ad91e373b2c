using System.Net;
using System.Text.Json;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Bench;

/// <summary><c>GET /health</c> through the local host (HTTP, routing, the forward to the worker, the function pipeline,
/// the point read, JSON) against the raw point read of the same row with Azure.Data.Tables'
/// <see cref="Azure.Data.Tables.TableClient"/>; then a trivial function (the local host's test app's <c>GET /api/hello</c>,
/// a constant string) through the local host against the same answer from a minimal ASP.NET Core app
/// (<see cref="BaselineHost"/>): the host's own cost per request. Paths run in alternating batches (rounds), so that
/// the machine's noise falls on both alike.</summary>
public static class HealthBenchmark
{
    public const string SubjectName = "GET /health (local host)";
    public const string BaselineName = "raw point read (TableClient)";
    public const string TrivialName = "GET /api/hello (local host, test app)";
    public const string TrivialBaselineName = "GET /hello (minimal ASP.NET Core app)";
    public const string FloorName = "GET /hello (bare YARP forwarder → minimal app)";
    private const string HealthPath = "/health";

    public static async Task<HealthResult> RunAsync(BenchStorage storage, BenchOptions options, CancellationToken cancellationToken)
    {
        Progress("starting the Functions app");
        await using var app = await FunctionsAppProcess.StartAsync(storage.AppEnvironment).WaitAsync(cancellationToken);
        await VerifySameRowAsync(app, cancellationToken);

        Func<CancellationToken, Task> health = async token =>
        {
            using var response = await app.Client.GetAsync(HealthPath, token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new BenchFailedException($"GET /health answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(token)}");
            }
        };
        Func<CancellationToken, Task> raw = storage.ReadHeartbeatAsync;

        var warmUp = Math.Clamp(options.Requests / 4, 10, 500);
        Progress($"warming up (at least {warmUp} calls and {options.WarmUp.TotalSeconds:0} s per path, 1 and {options.Clients} clients)");
        foreach (var clients in new[] { 1, options.Clients })
        {
            await LoadRunner.WarmUpAsync(health, warmUp, clients, options.WarmUp, cancellationToken);
            await LoadRunner.WarmUpAsync(raw, warmUp, clients, options.WarmUp, cancellationToken);
        }

        var rounds = Math.Min(options.Rounds, options.Requests);
        Progress($"1 client: {options.Requests} calls per path in {rounds} rounds");
        var sequential = await CompareAsync(health, raw, options.Requests, 1, rounds, cancellationToken);
        Progress($"{options.Clients} clients: {options.Requests} calls per path in {rounds} rounds");
        var concurrent = await CompareAsync(health, raw, options.Requests, options.Clients, rounds, cancellationToken);
        await app.DisposeAsync();

        Progress("trivial request: starting the local host's test app and the minimal ASP.NET Core app");
        var testApp = FunctionsAppProcess.BuildOutput("tests/LocalHostTestApp", "McpOrchestrator.LocalHostTestApp.dll");
        await using var host = await FunctionsAppProcess.StartAppAsync(testApp, new Dictionary<string, string> { ["TestTimerSchedule"] = "0 0 0 1 1 *" }).WaitAsync(cancellationToken);
        await using var baseline = await BaselineHostProcess.StartAsync(cancellationToken);
        await using var forwarder = await BaselineHostProcess.StartForwarderAsync(baseline.Client.BaseAddress!, cancellationToken);
        var hello = Get(host.Client, "/api/hello");
        var bare = Get(baseline.Client, "/hello");
        var forwarded = Get(forwarder.Client, "/hello");
        foreach (var clients in new[] { 1, options.Clients })
        {
            await LoadRunner.WarmUpAsync(hello, warmUp, clients, options.WarmUp, cancellationToken);
            await LoadRunner.WarmUpAsync(bare, warmUp, clients, options.WarmUp, cancellationToken);
            await LoadRunner.WarmUpAsync(forwarded, warmUp, clients, options.WarmUp, cancellationToken);
        }

        Progress($"trivial request, 1 and {options.Clients} clients: {options.Requests} calls per path in {rounds} rounds");
        var trivialSequential = await CompareAsync(TrivialName, hello, TrivialBaselineName, bare, options.Requests, 1, rounds, cancellationToken);
        var trivialConcurrent = await CompareAsync(TrivialName, hello, TrivialBaselineName, bare, options.Requests, options.Clients, rounds, cancellationToken);
        Progress($"floor, 1 and {options.Clients} clients: the bare forwarder against the minimal app, {options.Requests} calls per path in {rounds} rounds");
        var floorSequential = await CompareAsync(FloorName, forwarded, TrivialBaselineName, bare, options.Requests, 1, rounds, cancellationToken);
        var floorConcurrent = await CompareAsync(FloorName, forwarded, TrivialBaselineName, bare, options.Requests, options.Clients, rounds, cancellationToken);
        return new HealthResult(sequential, concurrent, warmUp, rounds, trivialSequential, trivialConcurrent, floorSequential, floorConcurrent);
    }

    private static Func<CancellationToken, Task> Get(HttpClient client, string path) => async token =>
    {
        using var response = await client.GetAsync(path, token);
        var body = await response.Content.ReadAsStringAsync(token);
        if (response.StatusCode != HttpStatusCode.OK || !body.Contains("hello", StringComparison.Ordinal))
        {
            throw new BenchFailedException($"GET {path} answered {(int)response.StatusCode}: {body}");
        }
    };

    private static Task<PathComparison> CompareAsync(
        Func<CancellationToken, Task> health, Func<CancellationToken, Task> raw, int requests, int clients, int rounds, CancellationToken cancellationToken) =>
        CompareAsync(SubjectName, health, BaselineName, raw, requests, clients, rounds, cancellationToken);

    private static async Task<PathComparison> CompareAsync(
        string subjectName, Func<CancellationToken, Task> subject, string baselineName, Func<CancellationToken, Task> baseline,
        int requests, int clients, int rounds, CancellationToken cancellationToken)
    {
        // Two paths: the rounds alternate which goes first (subject, baseline; baseline, subject; …).
        var logs = await InterleavedRounds.RunAsync(
            [new MeasuredPath(subjectName, subject), new MeasuredPath(baselineName, baseline)], requests, clients, rounds, cancellationToken);
        return PathComparison.Between(logs[0], logs[1]);
    }

    // Both paths must read the same existing entity, or the comparison means nothing.
    private static async Task VerifySameRowAsync(FunctionsAppProcess app, CancellationToken cancellationToken)
    {
        using var response = await app.Client.GetAsync(HealthPath, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        string? instance = null;
        if (response.StatusCode == HttpStatusCode.OK)
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.TryGetProperty("checks", out var checks)
                && checks.TryGetProperty("heartbeat", out var heartbeat) && heartbeat.ValueKind == JsonValueKind.Object
                && heartbeat.TryGetProperty("instance", out var id))
            {
                instance = id.GetString();
            }
        }

        if (instance != BenchStorage.InstanceId)
        {
            throw new BenchFailedException(
                $"GET /health did not read the seeded heartbeat row of instance '{BenchStorage.InstanceId}' ({(int)response.StatusCode}): {body}");
        }
    }

    private static void Progress(string message) => Console.Error.WriteLine($"[health] {message}");
}
