using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Functions.Tests.Mcp;

/// <summary>The TypeScript SDK's client (npm <c>@modelcontextprotocol/sdk</c>, <c>StreamableHTTPClientTransport</c>)
/// against <c>/mcp</c> on the running service: it lists tools, calls an aggregated tool over stdio and HTTP, is
/// refused a management tool its token lacks the scope for, and aborts a long call, which sends
/// <c>notifications/cancelled</c> on a request of its own.</summary>
public sealed class TypeScriptClientTests(McpEndpointFixture fixture) : IClassFixture<McpEndpointFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task TheTypeScriptSdkClient_ListsCallsIsRefusedAndCancels()
    {
        var lines = await NodeScripts.RunAsync(
            Path.Combine(RepositoryPaths.Root, "tests", "Functions.Tests", "Mcp", "clients", "ts-client.mjs"),
            [fixture.Endpoint.ToString(), fixture.AgentToken, fixture.ReadOnlyToken, fixture.Live.Service.Client.BaseAddress!.ToString().TrimEnd('/'), fixture.Live.ApiKey],
            Deadline);

        var tools = lines.Single(l => (string?)l["step"] == "tools")["names"]!.AsArray().Select(n => (string)n!).ToList();
        Assert.Contains("everything__echo", tools);
        Assert.Contains("everything-http__echo", tools);
        Assert.Contains("list_clients", tools);
        var calls = lines.Where(l => (string?)l["step"] == "called").ToList();
        Assert.Equal(2, calls.Count);
        Assert.All(calls, c =>
        {
            Assert.False((bool)c["isError"]!);
            Assert.Contains("hello from ts via " + (string)c["name"]!, (string)c["text"]!, StringComparison.Ordinal);
        });
        var refused = lines.Single(l => (string?)l["step"] == "refused");
        Assert.True((bool)refused["refused"]!);
        Assert.Contains("403", (string)refused["message"]!, StringComparison.Ordinal);
        Assert.StartsWith("rejected", (string)lines.Single(l => (string?)l["step"] == "cancelled")["outcome"]!, StringComparison.Ordinal);
        await fixture.WaitInFlightAsync("everything", 0, Deadline);
    }
}
