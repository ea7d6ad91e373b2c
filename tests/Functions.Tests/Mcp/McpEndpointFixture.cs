using McpOrchestrator.Core.Access;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Functions.Tests.Live;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Functions.Tests.Mcp;

/// <summary>
/// The service as an MCP server, for real clients: server-everything deployed live over stdio (<c>everything</c>)
/// and streamable HTTP (<c>everything-http</c>), plus a second HTTP server-everything (<c>doomed</c>) that one test
/// stops to see a server down. Tokens with the scope sets clients are given: <c>tools</c> + <c>read</c> (an agent
/// that may browse), <c>tools</c> only, <c>read</c> only, and <c>write</c> + <c>tools</c>.
/// </summary>
public sealed class McpEndpointFixture : IAsyncLifetime
{
    public string Marker { get; } = McpServers.NewMarker();

    internal EverythingHttpServer Http { get; private set; } = null!;

    internal EverythingHttpServer Doomed { get; private set; } = null!;

    internal LiveService Live { get; private set; } = null!;

    public Uri Endpoint => new(Live.Service.Client.BaseAddress!, "/mcp");

    public string AgentToken { get; private set; } = string.Empty;

    public string ToolsOnlyToken { get; private set; } = string.Empty;

    public string ReadOnlyToken { get; private set; } = string.Empty;

    public string WriterToken { get; private set; } = string.Empty;

    public IReadOnlyList<ServerConfig> Servers { get; private set; } = [];

    public async Task InitializeAsync()
    {
        Http = await EverythingHttpServer.StartAsync();
        Doomed = await EverythingHttpServer.StartAsync();
        Servers =
        [
            McpServers.EverythingStdio("everything", Marker),
            McpServers.Http("everything-http", Http.Endpoint),
            McpServers.Http("doomed", Doomed.Endpoint),
        ];
        Live = await LiveService.StartAsync(Servers, new Dictionary<string, string>
        {
            ["McpOrchestrator__Mcp__MaxRetries"] = "0",
            ["McpOrchestrator__Mcp__BreakerBreakDuration"] = "00:00:02",
            ["McpOrchestrator__Mcp__ReconnectDelay"] = "00:00:00.100",
            ["McpOrchestrator__Mcp__ReconnectMaxDelay"] = "00:00:00.500",
            ["McpOrchestrator__McpEndpoint__AllowedOrigins"] = "http://localhost:6274",
        });
        await Live.WaitAllConnectedAsync(Servers.Count);
        AgentToken = await IssueAsync("agent", [Scopes.Tools, Scopes.Read]);
        ToolsOnlyToken = await IssueAsync("tools-only", [Scopes.Tools]);
        ReadOnlyToken = await IssueAsync("read-only", [Scopes.Read]);
        WriterToken = await IssueAsync("writer", [Scopes.Write, Scopes.Tools]);
    }

    public async Task DisposeAsync()
    {
        await Live.DisposeAsync();
        await Http.DisposeAsync();
        await Doomed.DisposeAsync();
    }

    /// <summary>The number of calls in flight on a live connection, from <c>GET /v1/connections</c>.</summary>
    public async Task<int> InFlightAsync(string server)
    {
        var connections = (await Live.Api.GetAsync("/v1/connections"))["connections"]!.AsArray();
        return (int)connections.Single(c => (string?)c!["name"] == server)!["inFlight"]!;
    }

    /// <summary>Completes when <paramref name="server"/> has <paramref name="count"/> calls in flight; polled, as the
    /// service has no push channel for it, failing after <paramref name="deadline"/>.</summary>
    public async Task WaitInFlightAsync(string server, int count, TimeSpan deadline)
    {
        var until = DateTime.UtcNow + deadline;
        int current;
        while ((current = await InFlightAsync(server)) != count)
        {
            Assert.True(DateTime.UtcNow < until, $"{server} has {current} calls in flight, not {count}, after {deadline.TotalSeconds} s");
            await Task.Delay(50);
        }
    }

    private async Task<string> IssueAsync(string name, string[] scopes)
    {
        var issued = await Live.Api.ExpectAsync(HttpMethod.Post, "/v1/tokens", new { name, scopes }, 201);
        return (string)issued["token"]!;
    }
}
