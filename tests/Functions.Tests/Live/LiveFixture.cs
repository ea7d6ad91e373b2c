using McpOrchestrator.Core.Configs;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Functions.Tests.Live;

/// <summary>
/// The service with a live set of every kind: server-everything over stdio (as a custom entry: node + the pinned
/// package's <c>dist/index.js stdio</c>) and over streamable HTTP (started on a loopback port), the FaultyMcpServer
/// over stdio with a tool filter, server-everything under a 60-character name (so its tool names are shortened),
/// and two servers tests break on purpose: a second HTTP server-everything and a FaultyMcpServer that stays down while
/// a flag file exists; and a FaultyMcpServer only the cancellation test calls, so its count of cancelled calls is
/// that test's alone; and two more for the tests that time calls out (timeouts count against a server's breaker, so
/// each of those tests has a server of its own). Breaker and reconnect settings are short, so breaking and healing take seconds.
/// </summary>
public sealed class LiveFixture : IAsyncLifetime
{
    public const string LongName = "a-very-long-server-name-that-a-team-chose-for-clarity-012345";

    private readonly string _stateDir = Directory.CreateTempSubdirectory("mcpo-live-e2e-").FullName;

    public string Marker { get; } = McpServers.NewMarker();

    public string FlakyMarker { get; } = McpServers.NewMarker();

    public string FlakyFlag => Path.Combine(_stateDir, "flaky-down");

    internal EverythingHttpServer Http { get; private set; } = null!;

    internal EverythingHttpServer DoomedHttp { get; private set; } = null!;

    internal LiveService Live { get; private set; } = null!;

    public IReadOnlyList<ServerConfig> Servers { get; private set; } = [];

    public async Task InitializeAsync()
    {
        Http = await EverythingHttpServer.StartAsync();
        DoomedHttp = await EverythingHttpServer.StartAsync();
        Servers =
        [
            McpServers.EverythingStdio("everything", Marker),
            McpServers.Http("everything-http", Http.Endpoint),
            McpServers.Http("doomed-http", DoomedHttp.Endpoint),
            McpServers.FaultyStdio("faulty", Marker, new ToolFilter { Exclude = ["env", "header", "crash", "crash_once"] }),
            McpServers.EverythingStdio(LongName, Marker, new ToolFilter { Include = ["echo", "get-sum", "get-env"], Exclude = ["get-env"] }),
            McpServers.FlaggedFaulty("flaky", FlakyMarker, FlakyFlag),
            McpServers.FaultyStdio("cancel-probe", Marker),
            McpServers.FaultyStdio("slow-batch", Marker),
            McpServers.FaultyStdio("slow-single", Marker),
        ];
        Live = await LiveService.StartAsync(Servers, new Dictionary<string, string>
        {
            ["McpOrchestrator__Mcp__MaxRetries"] = "0",
            ["McpOrchestrator__Mcp__BreakerBreakDuration"] = "00:00:02",
            ["McpOrchestrator__Mcp__ReconnectDelay"] = "00:00:00.100",
            ["McpOrchestrator__Mcp__ReconnectMaxDelay"] = "00:00:00.500",
        });
        await Live.WaitAllConnectedAsync(Servers.Count);
    }

    public async Task DisposeAsync()
    {
        await Live.DisposeAsync();
        await Http.DisposeAsync();
        await DoomedHttp.DisposeAsync();
        Directory.Delete(_stateDir, recursive: true);
    }
}
