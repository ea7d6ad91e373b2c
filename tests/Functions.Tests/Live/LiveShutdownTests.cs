using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace McpOrchestrator.Functions.Tests.Live;

/// <summary>Stopping the service as a host does (SIGTERM): a call in flight gets its answer, and no MCP server
/// process outlives the service.</summary>
public sealed class LiveShutdownTests
{
    [Fact]
    public async Task Sigterm_DrainsTheCallInFlight_AndLeavesNoChildProcess()
    {
        var marker = McpServers.NewMarker();
        await using var live = await LiveService.StartAsync([McpServers.EverythingStdio("everything", marker), McpServers.FaultyStdio("faulty", marker)]);
        await live.WaitAllConnectedAsync(2);
        Assert.Equal(2, McpServers.ProcessesWith(marker).Count);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/connections/faulty/tools/slow")
        {
            Content = JsonContent.Create(new { arguments = new { delayMs = 1500 } }),
        };
        request.Headers.Add("X-API-Key", live.ApiKey);
        var inFlight = live.Service.Client.SendAsync(request);
        await WaitForInFlightAsync(live, "faulty");

        await live.StopGracefullyAsync();

        using var response = await inFlight;
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("slept 1500 ms", (string?)answer["content"]![0]!["text"]);
        Assert.Empty(McpServers.ProcessesWith(marker));
        Assert.Contains("Live connections stopped in", live.Service.Output, StringComparison.Ordinal);
    }

    /// <summary>Polls <c>GET /v1/connections</c> every 10 ms until the server has a call in flight.</summary>
    private static async Task WaitForInFlightAsync(LiveService live, string server)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var row = (await live.Api.GetAsync("/v1/connections"))["connections"]!.AsArray().Single(c => (string?)c!["name"] == server)!;
            if ((int)row["inFlight"]! > 0)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < until, "The call never got in flight.");
            await Task.Delay(10);
        }
    }
}
