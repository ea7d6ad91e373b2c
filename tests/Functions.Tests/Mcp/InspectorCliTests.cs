using System.Text.Json.Nodes;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Functions.Tests.Mcp;

/// <summary><c>@modelcontextprotocol/inspector-cli</c> (the MCP Inspector's command line) against <c>/mcp</c> on the
/// running service, as a developer pokes at an MCP server: tools/list, tools/call of an aggregated tool over stdio
/// and HTTP, a management tool refused for want of scope, and a long call whose client is killed.</summary>
public sealed class InspectorCliTests(McpEndpointFixture fixture) : IClassFixture<McpEndpointFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private static string Cli => Path.Combine(RepositoryPaths.Root, "node_modules", "@modelcontextprotocol", "inspector-cli", "build", "index.js");

    [Fact]
    public async Task ToolsList_ShowsTheLiveAndManagementTools()
    {
        var output = await RunAsync(fixture.AgentToken, "--method", "tools/list");

        var names = JsonNode.Parse(output)!["tools"]!.AsArray().Select(t => (string)t!["name"]!).ToList();
        Assert.Contains("everything__echo", names);
        Assert.Contains("everything-http__echo", names);
        Assert.Contains("get_deployed_config", names);
    }

    [Theory]
    [InlineData("everything__echo")]
    [InlineData("everything-http__echo")]
    public async Task ToolsCall_AnswersFromTheServer(string tool)
    {
        var output = await RunAsync(fixture.AgentToken, "--method", "tools/call", "--tool-name", tool, "--tool-arg", "message=inspected");

        var result = JsonNode.Parse(output)!;
        Assert.NotEqual(true, (bool?)result["isError"]);
        Assert.Contains("inspected", (string)result["content"]![0]!["text"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AManagementToolWithoutItsScope_IsRefused()
    {
        var (exitCode, stdout, stderr) = await NodeScripts.RunRawAsync(Cli,
            Arguments(fixture.ReadOnlyToken, "--method", "tools/call", "--tool-name", "clear_draft", "--tool-arg", "clientId=cursor", "--tool-arg", "profileId=default"),
            Deadline);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("403", stdout + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KillingTheClientDuringALongCall_CancelsItOnTheServer()
    {
        // Started from its own folder (see NodeScripts), through sh for the cd; exec keeps node the process killed.
        await using var cli = TestProcess.Start("sh",
            ["-c", "cd \"$(dirname \"$0\")\" && exec node \"$0\" \"$@\"", Cli, .. Arguments(fixture.AgentToken, "--method", "tools/call", "--tool-name", "everything-http__trigger-long-running-operation", "--tool-arg", "duration=300", "--tool-arg", "steps=1")]);
        await fixture.WaitInFlightAsync("everything-http", 1, Deadline);

        await cli.DisposeAsync();

        await fixture.WaitInFlightAsync("everything-http", 0, Deadline);
    }

    private string[] Arguments(string token, params string[] method) =>
        [fixture.Endpoint.ToString(), "--transport", "http", "--header", "Authorization: Bearer " + token, .. method];

    private async Task<string> RunAsync(string token, params string[] method)
    {
        var (exitCode, stdout, stderr) = await NodeScripts.RunRawAsync(Cli, Arguments(token, method), Deadline);
        Assert.True(exitCode == 0, $"inspector-cli exited {exitCode}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        return stdout;
    }
}
