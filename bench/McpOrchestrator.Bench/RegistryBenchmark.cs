using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using McpOrchestrator.Core.Registry;
using McpOrchestrator.Core.Storage;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Bench;

/// <summary>
/// Issue 4's bench line and issue 15's item 8: <c>GET /v1/config/{client}/{profile}/draft</c> (a draft of five
/// servers) and the default page of <c>GET /v1/servers</c> (the first 100 entries) against the raw point read of the
/// heartbeat row, at two registry sizes (built-in plus custom entries: 100, then 10,000); the default page at 10,000
/// against itself at 100 is the scaling figure (goal: at most 2×). Custom entries are written straight into the <c>ServerRegistry</c> table in the
/// layout of <see cref="CustomServerStore"/> (partition <c>server</c>, the definition as JSON, the <c>!version</c>
/// stamp rewritten), in entity group transactions of 100, before the figures at that size are taken; the app sees
/// them when its registry snapshot (TTL 5 s) checks the stamp. The figures are warm: the snapshot is loaded during
/// warm-up and every measured call is served from it but for one stamp read per TTL.
/// </summary>
public static class RegistryBenchmark
{
    public const string DraftName = "GET /v1/config/claude-desktop/bench-registry/draft (5 servers)";
    public const string ServersName = "GET /v1/servers (default page: first 100 entries)";
    public const string RawName = "raw point read (TableClient)";

    private const string ClientId = "claude-desktop";
    private const string ProfileId = "bench-registry";
    private const int BatchSize = 100;

    /// <summary>Registry sizes measured, built-in entries included.</summary>
    public static readonly int[] Sizes = [100, 10_000];

    public static async Task<RegistryResult> RunAsync(BenchStorage storage, BenchOptions options, CancellationToken cancellationToken)
    {
        var builtIns = BuiltInServers.All.Count;
        var table = storage.Tables.GetTableClient(CustomServerStore.TableName);
        await table.CreateIfNotExistsAsync(cancellationToken);
        var existing = await CountCustomAsync(table, cancellationToken);
        if (existing != 0)
        {
            throw new BenchFailedException($"The {CustomServerStore.TableName} table already holds {existing} custom entries; the registry measurement needs an empty one.");
        }

        var apiKey = "bench-" + Guid.NewGuid().ToString("N");
        Progress("starting the Functions app");
        await using var app = await FunctionsAppProcess.StartAsync(ServiceApi.Environment(storage, apiKey)).WaitAsync(cancellationToken);
        var api = new ServiceApi(app, apiKey);
        await api.BuildDraftAsync(ClientId, ProfileId, ServiceApi.FiveServers, cancellationToken);

        var draftPath = $"/v1/config/{ClientId}/{ProfileId}/draft";
        MeasuredPath[] paths =
        [
            new(DraftName, api.Get(draftPath)),
            new(ServersName, api.Get("/v1/servers")),
            new(RawName, storage.ReadHeartbeatAsync),
        ];

        var scales = new List<RegistryScale>();
        var seeded = 0;
        foreach (var size in Sizes)
        {
            var custom = size - builtIns;
            Progress($"writing custom entries {seeded + 1}–{custom} ({size} entries with the {builtIns} built-ins)");
            await SeedAsync(table, seeded, custom, cancellationToken);
            seeded = custom;

            // The app's snapshot is fresh for 5 s; wait until its pages list every entry (bounded).
            var (listed, bytes) = await WaitForCountAsync(api, size, cancellationToken);
            var draftEntries = await DraftEntriesAsync(api, draftPath, cancellationToken);

            var requests = options.RegistryRequests;
            var rounds = Math.Min(options.Rounds, requests);
            var warmUp = Math.Clamp(requests / 5, 10, 200);
            Progress($"{size} entries: warming up ({warmUp} calls per path), then {requests} calls per path in {rounds} rounds, 1 client");
            foreach (var path in paths)
            {
                await LoadRunner.WarmUpAsync(path.Call, warmUp, 1, cancellationToken);
            }

            var logs = await InterleavedRounds.RunAsync(paths, requests, 1, rounds, cancellationToken);
            var phase = new AuthPhase(
                1,
                [.. logs.Select(log => log.Summarize())],
                [
                    new("GET draft ÷ raw read", PathComparison.Between(logs[0], logs[2])),
                    new("GET /v1/servers ÷ raw read", PathComparison.Between(logs[1], logs[2])),
                ]);
            scales.Add(new RegistryScale(size, custom, listed, bytes, draftEntries, requests, rounds, warmUp, phase));
        }

        var result = new RegistryResult(builtIns, scales);
        Progress($"default page of GET /v1/servers, median at {Sizes[^1]:N0} ÷ at {Sizes[0]:N0} entries: {result.DefaultPageScaling:0.00}× ({result.DefaultPageScalingOverRaw:0.00}× relative to the raw read of each phase)");
        return result;
    }

    /// <summary>Writes custom entries <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive) as
    /// <see cref="CustomServerStore"/> stores them, 100 rows per transaction, each with a new version stamp.</summary>
    private static async Task SeedAsync(TableClient table, int from, int to, CancellationToken cancellationToken)
    {
        for (var start = from; start < to; start += BatchSize - 1)
        {
            var actions = new List<TableTransactionAction>();
            for (var i = start; i < Math.Min(to, start + BatchSize - 1); i++)
            {
                var id = $"bench-server-{i:D5}";
                var request = new ServerDefinitionRequest
                {
                    Name = $"Bench server {i}",
                    Description = $"Custom entry {i} written by the bench.",
                    Transport = "stdio",
                    Command = "npx",
                    Args = ["-y", $"@bench/server-{i}", "{root}"],
                    Parameters = [new ServerParameterRequest { Name = "root", Type = "path", Required = false, Default = "/tmp" }],
                    Tags = ["bench"],
                };
                var row = new TableEntity("server", id)
                {
                    ["UpdatedAt"] = DateTimeOffset.UtcNow,
                    ["Json"] = JsonSerializer.Serialize(request, StorageJson),
                };
                actions.Add(new(TableTransactionActionType.UpsertReplace, row));
            }

            actions.Add(new(TableTransactionActionType.UpsertReplace, new TableEntity("server", "!version") { ["Stamp"] = Guid.NewGuid().ToString("N") }));

            // Upserts, so a transaction the network timeout cut short can be sent again (a busy shared machine can
            // hold Azurite past Core's 2 s timeout while 10,000 rows are written).
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await table.SubmitCheckedTransactionAsync(actions, cancellationToken);
                    break;
                }
                catch (StorageUnavailableException) when (attempt < 5)
                {
                    Progress($"a seeding transaction timed out (attempt {attempt}); sending it again");
                }
            }
        }
    }

    private static readonly JsonSerializerOptions StorageJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private static async Task<int> CountCustomAsync(TableClient table, CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {"server"}"), cancellationToken: cancellationToken))
        {
            count += row.RowKey == "!version" ? 0 : 1;
        }

        return count;
    }

    /// <summary>Waits until the pages of <c>GET /v1/servers?limit=1000</c> (followed by their nextLink) list
    /// <paramref name="expected"/> entries, each once; answers that count and the size of the default page's body.</summary>
    private static async Task<(int Count, long DefaultPageBytes)> WaitForCountAsync(ServiceApi api, int expected, CancellationToken cancellationToken)
    {
        var count = -1;
        for (var attempt = 0; attempt < 60; attempt++)
        {
            var ids = new HashSet<string>(StringComparer.Ordinal);
            string? next = "/v1/servers?limit=1000";
            while (next is not null)
            {
                var (_, body) = await api.SendAsync(HttpMethod.Get, next, null, cancellationToken, HttpStatusCode.OK);
                using var document = JsonDocument.Parse(body);
                foreach (var server in document.RootElement.GetProperty("servers").EnumerateArray())
                {
                    if (!ids.Add(server.GetProperty("id").GetString()!))
                    {
                        throw new BenchFailedException($"GET /v1/servers listed {server.GetProperty("id").GetString()} twice across its pages.");
                    }
                }

                next = document.RootElement.TryGetProperty("nextLink", out var link) ? link.GetString() : null;
            }

            count = ids.Count;
            if (count == expected)
            {
                var (_, page) = await api.SendAsync(HttpMethod.Get, "/v1/servers", null, cancellationToken, HttpStatusCode.OK);
                return (count, System.Text.Encoding.UTF8.GetByteCount(page));
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }

        throw new BenchFailedException($"The pages of GET /v1/servers listed {count} entries 30 s after the registry was seeded to {expected}.");
    }

    private static async Task<int> DraftEntriesAsync(ServiceApi api, string path, CancellationToken cancellationToken)
    {
        var (_, body) = await api.SendAsync(HttpMethod.Get, path, null, cancellationToken, HttpStatusCode.OK);
        using var document = JsonDocument.Parse(body);
        var entries = document.RootElement.GetProperty("entries").GetArrayLength();
        return entries == ServiceApi.FiveServers.Count
            ? entries
            : throw new BenchFailedException($"GET {path} listed {entries} entries, {ServiceApi.FiveServers.Count} expected: {body}");
    }

    private static void Progress(string message) => Console.Error.WriteLine($"[registry] {message}");
}

/// <summary>The registry measurement: one phase per registry size.</summary>
public sealed record RegistryResult(int BuiltIns, IReadOnlyList<RegistryScale> Scales)
{
    /// <summary>Median of the default page at the largest size ÷ at the smallest.</summary>
    public double DefaultPageScaling => Servers(Scales[^1]).MedianMs / Servers(Scales[0]).MedianMs;

    /// <summary>The same, each median first divided by its phase's raw read (cancels a machine that got slower or
    /// faster between the phases).</summary>
    public double DefaultPageScalingOverRaw => ServersOverRaw(Scales[^1]) / ServersOverRaw(Scales[0]);

    private static LatencySummary Servers(RegistryScale scale) => scale.Phase.Paths.Single(p => p.Path == RegistryBenchmark.ServersName);

    private static double ServersOverRaw(RegistryScale scale) =>
        Servers(scale).MedianMs / scale.Phase.Paths.Single(p => p.Path == RegistryBenchmark.RawName).MedianMs;
}

/// <summary>One registry size: what was seeded and listed, and the phase's figures and ratios.</summary>
public sealed record RegistryScale(
    int Entries, int CustomEntries, int Listed, long ServersBodyBytes, int DraftEntries, int Requests, int Rounds, int WarmUp, AuthPhase Phase);
