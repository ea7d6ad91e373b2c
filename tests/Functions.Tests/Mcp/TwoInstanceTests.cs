using McpOrchestrator.TestSupport;
using ModelContextProtocol.Protocol;

namespace McpOrchestrator.Functions.Tests.Mcp;

/// <summary>Two service instances on one storage account behind a round-robin proxy: one MCP client's requests land
/// on both in turn (initialize on one, tools/list on the other, …) and every one of them succeeds, because the
/// endpoint keeps no session.</summary>
public sealed class TwoInstanceTests(McpEndpointFixture fixture) : IClassFixture<McpEndpointFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task OneClient_AlternatingBetweenTwoInstances_GetsEveryAnswer()
    {
        await using var second = await FunctionsAppProcess.StartAsync(new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = fixture.Live.Azurite.ConnectionString,
            ["McpOrchestrator__ApiKey"] = fixture.Live.ApiKey,
            ["McpOrchestrator__Mcp__StdioShutdownTimeout"] = "00:00:00.300",
            ["McpOrchestrator__Mcp__AllowedCommands"] = "node",
        });
        await WaitConnectedAsync(second, fixture.Servers.Count - 1);
        using var proxy = new RoundRobin([fixture.Live.Service.Client.BaseAddress!, second.Client.BaseAddress!]);
        using var http = new HttpClient(proxy);

        await using var client = await McpClients.ConnectAsync(fixture.Endpoint, fixture.AgentToken, http: http);
        var tools = await client.ListToolsAsync();
        var answers = new List<CallToolResult>();
        for (var i = 0; i < 6; i++)
        {
            answers.Add(await client.CallToolAsync(i % 2 == 0 ? "everything__echo" : "everything-http__echo", new Dictionary<string, object?> { ["message"] = $"call {i}" }));
        }

        var profiles = await client.CallToolAsync("list_profiles", new Dictionary<string, object?> { ["clientId"] = "cursor" });

        Assert.Contains(tools, t => t.Name == "everything__echo");
        Assert.All(answers, a => Assert.NotEqual(true, a.IsError));
        Assert.NotEqual(true, profiles.IsError);
        Assert.All(proxy.Served, count => Assert.True(count >= 3, $"requests per instance: {string.Join(", ", proxy.Served)}"));
    }

    /// <summary>Waits until the second instance's live set has connected the servers that are still up (the
    /// fixture's <c>doomed</c> server may already be stopped by another test); polled, failing after the deadline.</summary>
    private async Task WaitConnectedAsync(FunctionsAppProcess service, int atLeast)
    {
        var api = new ApiClient(service, fixture.Live.ApiKey);
        var until = DateTime.UtcNow + Deadline;
        while (true)
        {
            var connections = (await api.GetAsync("/v1/connections"))["connections"]!.AsArray();
            if (connections.Count(c => (string?)c!["state"] == "connected" && (string?)c["name"] != "doomed") >= atLeast)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < until, $"second instance: {connections.ToJsonString()}");
            await Task.Delay(100);
        }
    }

    /// <summary>The round-robin proxy: each request goes to the next instance's address.</summary>
    private sealed class RoundRobin(IReadOnlyList<Uri> instances) : DelegatingHandler(new HttpClientHandler())
    {
        private int _next = -1;

        public int[] Served { get; } = new int[instances.Count];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var index = (int)((uint)Interlocked.Increment(ref _next) % (uint)instances.Count);
            Interlocked.Increment(ref Served[index]);
            request.RequestUri = new Uri(instances[index], request.RequestUri!.PathAndQuery);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
