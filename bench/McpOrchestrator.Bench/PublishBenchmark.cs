using System.Net;
using System.Text.Json;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Bench;

/// <summary>
/// Issue 6's bench line. Two phases on one Functions app with a signing key and a deployed five-server profile:
/// <list type="number">
/// <item>the publish pipeline end to end, <c>POST .../publish</c> (no probe, no deploy) then <c>GET /v1/pipelines/{id}</c>
/// every <see cref="PollInterval"/> until it answers 200 with outcome <c>published</c>, interleaved with
/// <c>POST .../validate</c> of the same draft (the synchronous part of the same work: read the draft, resolve it against
/// the registry, validate it, over the same HTTP stack, without the Durable engine, signing and the artifact write) and
/// the raw point read;</item>
/// <item><c>GET /v1/config/{client}/{profile}</c> (the deployed artifact) against the raw point read;</item>
/// <item>a burst: <see cref="BenchOptions.Burst"/> publishes of the same profile started at once, each polling its
/// status every <see cref="BurstPollInterval"/>, against as many publishes one after the other with the same
/// polling (the same work, alone).</item>
/// </list>
/// </summary>
public static class PublishBenchmark
{
    public const string PipelineName = "publish pipeline, POST publish → GET /v1/pipelines/{id} 200";
    public const string ValidateName = "POST .../validate, same draft";
    public const string DeployedName = "GET /v1/config/claude-desktop/bench-publish (deployed)";
    public const string RawName = "raw point read (TableClient)";

    /// <summary>How often the status is polled: the resolution of the pipeline's end-to-end time.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);

    /// <summary>The status polling of the burst phase and its sequential baseline: 50 callers polling every 10 ms
    /// would measure Azurite's saturation by the polling, not the pipelines.</summary>
    public static readonly TimeSpan BurstPollInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>How many sequential publishes the burst is compared with.</summary>
    public const int AloneRuns = 5;

    private const string ClientId = "claude-desktop";
    private const string ProfileId = "bench-publish";

    /// <summary>A pipeline that has not finished after this long fails the run.</summary>
    private static readonly TimeSpan PipelineLimit = TimeSpan.FromSeconds(30);

    /// <summary>The same for a publish of the burst, which queues behind the others.</summary>
    private static readonly TimeSpan BurstLimit = TimeSpan.FromSeconds(150);

    public static async Task<PublishResult> RunAsync(BenchStorage storage, BenchOptions options, CancellationToken cancellationToken)
    {
        var apiKey = "bench-" + Guid.NewGuid().ToString("N");
        Progress("starting the Functions app");
        await using var app = await FunctionsAppProcess.StartAsync(ServiceApi.Environment(storage, apiKey)).WaitAsync(cancellationToken);
        var api = new ServiceApi(app, apiKey);
        await api.SendAsync(HttpMethod.Post, "/v1/keys/initialize", new { }, cancellationToken, HttpStatusCode.Created, HttpStatusCode.Conflict);
        await api.BuildDraftAsync(ClientId, ProfileId, ServiceApi.FiveServers, cancellationToken);

        var profilePath = $"/v1/config/{ClientId}/{ProfileId}";
        Progress("publishing and deploying version 1");
        var first = await PublishAsync(api, profilePath, deploy: true, cancellationToken);
        if (first.Version != 1 || !first.Deployed)
        {
            throw new BenchFailedException($"The first publish gave version {first.Version}, deployed {first.Deployed}; version 1, deployed, was expected.");
        }

        Func<CancellationToken, Task> pipeline = async token => await PublishAsync(api, profilePath, deploy: false, token);
        Func<CancellationToken, Task> validate = async token =>
        {
            var (_, body) = await api.SendAsync(HttpMethod.Post, $"{profilePath}/validate", new { }, token, HttpStatusCode.OK);
            if (body.Contains("\"valid\":false", StringComparison.Ordinal))
            {
                throw new BenchFailedException($"POST {profilePath}/validate found the draft invalid: {body}");
            }
        };
        Func<CancellationToken, Task> raw = storage.ReadHeartbeatAsync;

        MeasuredPath[] pipelinePaths = [new(PipelineName, pipeline), new(ValidateName, validate), new(RawName, raw)];
        const int pipelineWarmUp = 3;
        Progress($"warming up ({pipelineWarmUp} pipelines, validations and raw reads)");
        foreach (var path in pipelinePaths)
        {
            await LoadRunner.WarmUpAsync(path.Call, pipelineWarmUp, 1, cancellationToken);
        }

        Progress($"{options.Pipelines} pipelines, each in a round with one validation and one raw read, 1 client");
        var pipelineLogs = await InterleavedRounds.RunAsync(pipelinePaths, options.Pipelines, 1, options.Pipelines, cancellationToken);
        var pipelinePhase = new AuthPhase(
            1,
            [.. pipelineLogs.Select(log => log.Summarize())],
            [
                new("pipeline ÷ validate", PathComparison.Between(pipelineLogs[0], pipelineLogs[1])),
                new("pipeline ÷ raw read", PathComparison.Between(pipelineLogs[0], pipelineLogs[2])),
                new("validate ÷ raw read", PathComparison.Between(pipelineLogs[1], pipelineLogs[2])),
            ]);

        var version = await DeployedVersionAsync(api, profilePath, cancellationToken);
        MeasuredPath[] readPaths = [new(DeployedName, api.Get(profilePath)), new(RawName, raw)];
        var requests = options.RegistryRequests;
        var rounds = Math.Min(options.Rounds, requests);
        var warmUp = Math.Clamp(requests / 5, 10, 200);
        Progress($"deployed config: warming up ({warmUp} calls per path), then {requests} calls per path in {rounds} rounds, 1 client");
        foreach (var path in readPaths)
        {
            await LoadRunner.WarmUpAsync(path.Call, warmUp, 1, cancellationToken);
        }

        var readLogs = await InterleavedRounds.RunAsync(readPaths, requests, 1, rounds, cancellationToken);
        var readPhase = new AuthPhase(
            1,
            [.. readLogs.Select(log => log.Summarize())],
            [new("GET deployed config ÷ raw read", PathComparison.Between(readLogs[0], readLogs[1]))]);
        Progress($"{AloneRuns} publishes one after the other, then {options.Burst} started at once (status polled every {BurstPollInterval.TotalMilliseconds:0} ms)");
        var alone = new List<double>(AloneRuns);
        for (var run = 0; run < AloneRuns; run++)
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await PublishAsync(api, profilePath, deploy: false, cancellationToken, BurstPollInterval);
            alone.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        var burstStarted = System.Diagnostics.Stopwatch.GetTimestamp();
        var burst = await Task.WhenAll(Enumerable.Range(0, options.Burst).Select(async _ =>
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var (publishedVersion, _) = await PublishAsync(api, profilePath, deploy: false, cancellationToken, BurstPollInterval, BurstLimit);
            return (Ms: System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, Version: publishedVersion);
        }));
        var burstMs = System.Diagnostics.Stopwatch.GetElapsedTime(burstStarted).TotalMilliseconds;
        var versions = burst.Select(b => b.Version).Distinct().Count();
        if (versions != options.Burst)
        {
            throw new BenchFailedException($"{options.Burst} publishes at once made {versions} distinct versions; each publish must make its own.");
        }

        var burstResult = new BurstResult(options.Burst, burstMs, [.. burst.Select(b => b.Ms)], alone);
        return new PublishResult(pipelinePhase, pipelineWarmUp, readPhase, requests, rounds, warmUp, version, burstResult);
    }

    /// <summary>One publish: 202, then the status polled until 200 with outcome published.</summary>
    private static async Task<(int Version, bool Deployed)> PublishAsync(
        ServiceApi api, string profilePath, bool deploy, CancellationToken cancellationToken, TimeSpan? pollInterval = null, TimeSpan? limit = null)
    {
        var (_, accepted) = await api.SendAsync(HttpMethod.Post, $"{profilePath}/publish", new { deploy, probe = false }, cancellationToken, HttpStatusCode.Accepted);
        string id;
        using (var document = JsonDocument.Parse(accepted))
        {
            id = document.RootElement.GetProperty("id").GetString() ?? throw new BenchFailedException($"POST publish answered 202 without an id: {accepted}");
        }

        var deadline = DateTimeOffset.UtcNow + (limit ?? PipelineLimit);
        while (true)
        {
            var (status, body) = await api.SendAsync(HttpMethod.Get, $"/v1/pipelines/{id}", null, cancellationToken, HttpStatusCode.OK, HttpStatusCode.Accepted);
            if (status == HttpStatusCode.OK)
            {
                using var document = JsonDocument.Parse(body);
                var root = document.RootElement;
                if (root.GetProperty("runtimeStatus").GetString() != "Completed"
                    || !root.TryGetProperty("output", out var output) || output.ValueKind != JsonValueKind.Object
                    || output.GetProperty("outcome").GetString() != "published")
                {
                    throw new BenchFailedException($"Pipeline {id} finished without publishing: {body}");
                }

                return (output.GetProperty("version").GetInt32(), output.TryGetProperty("deployed", out var deployed) && deployed.ValueKind == JsonValueKind.True);
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new BenchFailedException($"Pipeline {id} was still running after {PipelineLimit.TotalSeconds:0} s: {body}");
            }

            await Task.Delay(pollInterval ?? PollInterval, cancellationToken);
        }
    }

    private static async Task<int> DeployedVersionAsync(ServiceApi api, string profilePath, CancellationToken cancellationToken)
    {
        var (_, body) = await api.SendAsync(HttpMethod.Get, profilePath, null, cancellationToken, HttpStatusCode.OK);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.TryGetProperty("version", out var version) && version.TryGetInt32(out var value)
            ? value
            : throw new BenchFailedException($"GET {profilePath} answered 200 without a version: {body}");
    }

    private static void Progress(string message) => Console.Error.WriteLine($"[publish] {message}");
}

/// <summary>The publish measurement: the pipeline phase, the deployed-config read phase and the burst.</summary>
public sealed record PublishResult(
    AuthPhase Pipeline, int PipelineWarmUp, AuthPhase DeployedRead, int ReadRequests, int ReadRounds, int ReadWarmUp, int DeployedVersion, BurstResult Burst);
