using System.Net;
using System.Text.Json;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Bench;

/// <summary><c>GET /health</c> through the local runtime (HTTP, routing, the function pipeline, the point read, JSON)
/// against the raw point read of the same row with Azure.Data.Tables' <see cref="Azure.Data.Tables.TableClient"/>. Both paths run in
/// alternating batches (rounds), so that the machine's noise falls on both alike.</summary>
public static class HealthBenchmark
{
    public const string SubjectName = "GET /health (local runtime)";
    public const string BaselineName = "raw point read (TableClient)";
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
        Progress($"warming up ({warmUp} calls per path, 1 and {options.Clients} clients)");
        foreach (var clients in new[] { 1, options.Clients })
        {
            await LoadRunner.WarmUpAsync(health, warmUp, clients, cancellationToken);
            await LoadRunner.WarmUpAsync(raw, warmUp, clients, cancellationToken);
        }

        var rounds = Math.Min(options.Rounds, options.Requests);
        Progress($"1 client: {options.Requests} calls per path in {rounds} rounds");
        var sequential = await CompareAsync(health, raw, options.Requests, 1, rounds, cancellationToken);
        Progress($"{options.Clients} clients: {options.Requests} calls per path in {rounds} rounds");
        var concurrent = await CompareAsync(health, raw, options.Requests, options.Clients, rounds, cancellationToken);
        return new HealthResult(sequential, concurrent, warmUp, rounds);
    }

    private static async Task<PathComparison> CompareAsync(
        Func<CancellationToken, Task> health, Func<CancellationToken, Task> raw, int requests, int clients, int rounds, CancellationToken cancellationToken)
    {
        // Two paths: the rounds alternate which goes first (health, raw; raw, health; …).
        var logs = await InterleavedRounds.RunAsync(
            [new MeasuredPath(SubjectName, health), new MeasuredPath(BaselineName, raw)], requests, clients, rounds, cancellationToken);
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
