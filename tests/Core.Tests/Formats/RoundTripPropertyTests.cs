using McpOrchestrator.Core.Clients;
using McpOrchestrator.Core.Configs;

namespace McpOrchestrator.Core.Tests.Formats;

public sealed class RoundTripPropertyTests
{
    public static TheoryData<string> ClientIds() => new(new ClientCatalog().All.Select(c => c.Id));

    [Theory]
    [MemberData(nameof(ClientIds))]
    public void ImportOfRender_ManyGeneratedEntriesOneAtATime_IsWhatTheClientCarries(string clientId)
    {
        var client = new ClientCatalog().Get(clientId);
        for (var seed = 0; seed < 300; seed++)
        {
            var servers = new ServerConfigGenerator(seed).ForClient(client, 1);
            RoundTrip.AssertForClient(servers, client);
        }
    }

    [Theory]
    [MemberData(nameof(ClientIds))]
    public void ImportOfRender_ManyEntriesInOneFile_IsWhatTheClientCarries(string clientId)
    {
        var client = new ClientCatalog().Get(clientId);
        for (var seed = 1000; seed < 1030; seed++)
        {
            var servers = new ServerConfigGenerator(seed).ForClient(client, 40);
            RoundTrip.AssertForClient(servers, client);
        }
    }

    [Theory]
    [MemberData(nameof(ClientIds))]
    public void ImportOfRender_NoEntries_IsEmpty(string clientId) =>
        RoundTrip.AssertForClient([], new ClientCatalog().Get(clientId));

    [Fact]
    public void AssertForEveryClient_ACommonSet_PassesAndRefusesWhatAClientCannotRun()
    {
        RoundTrip.AssertForEveryClient(
        [
            new ServerConfig { Name = "filesystem", Transport = Transport.Stdio, Command = "npx", Args = ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"] },
            new ServerConfig { Name = "remote", Transport = Transport.Http, Url = "https://mcp.example.com/mcp" },
            new ServerConfig { Name = "n8n", Transport = Transport.Sse, Url = "http://localhost:5679/mcp/sse" },
        ]);
    }
}
