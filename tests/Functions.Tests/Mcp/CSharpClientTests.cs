using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpOrchestrator.Functions.Tests.Mcp;

/// <summary>The C# SDK's <see cref="McpClient"/> against <c>/mcp</c> on the running service (the real worker under the
/// local host, real Azurite, real server-everything over stdio and HTTP behind it).</summary>
public sealed class CSharpClientTests(McpEndpointFixture fixture) : IClassFixture<McpEndpointFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ToolsList_HasEveryLiveTool_UnderTheNamesOfV1Tools_AndTheManagementToolsTheScopesAllow()
    {
        await using var client = await McpClients.ConnectAsync(fixture.Endpoint, fixture.AgentToken);

        var tools = await client.ListToolsAsync();

        var names = tools.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var rest = (await fixture.Live.Api.GetAsync("/v1/tools"))["tools"]!.AsArray().Select(t => (string)t!["name"]!).ToList();
        Assert.NotEmpty(rest);
        Assert.All(rest, name => Assert.Contains(name, names));
        Assert.Contains("everything__echo", names);
        Assert.Contains("everything-http__echo", names);
        Assert.Contains("list_clients", names);
        Assert.Contains("get_draft", names);
        Assert.DoesNotContain("publish", names);
        Assert.DoesNotContain("add_to_draft", names);
        var echo = tools.Single(t => t.Name == "everything__echo").ProtocolTool;
        Assert.Equal("object", echo.InputSchema.GetProperty("type").GetString());
        Assert.True(echo.InputSchema.GetProperty("properties").TryGetProperty("message", out _));
    }

    [Fact]
    public async Task ToolsList_ShowsOnlyWhatEachTokenMayCall()
    {
        await using var toolsOnly = await McpClients.ConnectAsync(fixture.Endpoint, fixture.ToolsOnlyToken);
        await using var readOnly = await McpClients.ConnectAsync(fixture.Endpoint, fixture.ReadOnlyToken);

        var forTools = (await toolsOnly.ListToolsAsync()).Select(t => t.Name).ToList();
        var forRead = (await readOnly.ListToolsAsync()).Select(t => t.Name).ToList();

        Assert.Contains("everything__echo", forTools);
        Assert.DoesNotContain("list_clients", forTools);
        Assert.Contains("list_clients", forRead);
        Assert.DoesNotContain(forRead, name => name.Contains("__", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("everything__echo")]
    [InlineData("everything-http__echo")]
    public async Task ToolsCall_ReachesTheServer_OverStdioAndHttp(string tool)
    {
        await using var client = await McpClients.ConnectAsync(fixture.Endpoint, fixture.AgentToken);
        var message = "hello " + Guid.NewGuid().ToString("N");

        var result = await client.CallToolAsync(tool, new Dictionary<string, object?> { ["message"] = message });

        Assert.NotEqual(true, result.IsError);
        Assert.Contains(message, Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToolsCall_WithArgumentsTheSchemaRefuses_IsAToolErrorWithTheCode_AndNothingIsSent()
    {
        await using var client = await McpClients.ConnectAsync(fixture.Endpoint, fixture.AgentToken);

        var result = await client.CallToolAsync("everything__get-sum", new Dictionary<string, object?> { ["a"] = "one", ["b"] = 2 });

        Assert.True(result.IsError);
        Assert.StartsWith("invalid_arguments:", Text(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManagementTool_WithoutItsScope_IsRefusedWith403_AndWithIt_Answers()
    {
        await using var agent = await McpClients.ConnectAsync(fixture.Endpoint, fixture.AgentToken);
        await using var readOnly = await McpClients.ConnectAsync(fixture.Endpoint, fixture.ReadOnlyToken);

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => agent.CallToolAsync(
            "publish", new Dictionary<string, object?> { ["clientId"] = "cursor", ["profileId"] = "default" }).AsTask());
        var refusedLive = await Assert.ThrowsAnyAsync<Exception>(() => readOnly.CallToolAsync(
            "everything__echo", new Dictionary<string, object?> { ["message"] = "x" }).AsTask());
        var profiles = await agent.CallToolAsync("list_profiles", new Dictionary<string, object?> { ["clientId"] = "cursor" });

        Assert.Contains("403", refused.ToString(), StringComparison.Ordinal);
        Assert.Contains("403", refusedLive.ToString(), StringComparison.Ordinal);
        Assert.NotEqual(true, profiles.IsError);
        Assert.Equal("cursor", profiles.StructuredContent!.Value.GetProperty("clientId").GetString());
    }

    [Fact]
    public async Task ListServers_PagesInIdOrder_LikeTheRestRoute_AndRefusesABadLimitOrCursor()
    {
        await using var agent = await McpClients.ConnectAsync(fixture.Endpoint, fixture.AgentToken);

        var ids = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var arguments = new Dictionary<string, object?> { ["limit"] = 7 };
            if (cursor is not null)
            {
                arguments["cursor"] = cursor;
            }

            var page = (await agent.CallToolAsync("list_servers", arguments)).StructuredContent!.Value;
            var servers = page.GetProperty("servers").EnumerateArray().Select(s => s.GetProperty("id").GetString()!).ToList();
            Assert.Equal(page.GetProperty("count").GetInt32(), servers.Count);
            Assert.InRange(servers.Count, 1, 7);
            ids.AddRange(servers);
            cursor = page.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
            pages++;
        }
        while (cursor is not null && pages < 100);
        var whole = (await agent.CallToolAsync("list_servers", new Dictionary<string, object?> { ["limit"] = 1000 })).StructuredContent!.Value;
        var badLimit = await agent.CallToolAsync("list_servers", new Dictionary<string, object?> { ["limit"] = 0 });
        var badCursor = await agent.CallToolAsync("list_servers", new Dictionary<string, object?> { ["cursor"] = "not-a-cursor" });
        var profiles = (await agent.CallToolAsync("list_profiles", new Dictionary<string, object?> { ["clientId"] = "cursor", ["limit"] = 1 })).StructuredContent!.Value;

        Assert.Null(cursor);
        Assert.True(pages > 1, $"{ids.Count} servers came in one page of 7");
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(whole.GetProperty("servers").EnumerateArray().Select(s => s.GetProperty("id").GetString()), ids);
        Assert.False(whole.TryGetProperty("nextCursor", out _));
        Assert.True(badLimit.IsError);
        Assert.Equal("invalid_arguments", badLimit.StructuredContent!.Value.GetProperty("code").GetString());
        Assert.True(badCursor.IsError);
        Assert.Equal("invalid_cursor", badCursor.StructuredContent!.Value.GetProperty("code").GetString());
        Assert.Equal(1, profiles.GetProperty("profiles").GetArrayLength());
    }

    [Fact]
    public async Task ManagementTools_EditADraft_Publish_AndFollowThePipeline_WithTheRestCodes()
    {
        await using var writer = await McpClients.ConnectAsync(fixture.Endpoint, fixture.WriterToken);
        var profile = new Dictionary<string, object?> { ["clientId"] = "cursor", ["profileId"] = "default" };

        var added = await writer.CallToolAsync("add_to_draft", new Dictionary<string, object?>(profile)
        {
            ["entry"] = new Dictionary<string, object?> { ["serverId"] = "memory", ["name"] = "memory-" + Guid.NewGuid().ToString("N")[..8] },
        });
        var duplicate = await writer.CallToolAsync("add_to_draft", new Dictionary<string, object?>(profile)
        {
            ["entry"] = new Dictionary<string, object?> { ["serverId"] = "memory", ["name"] = added.StructuredContent!.Value.GetProperty("entry").GetProperty("name").GetString() },
        });
        var unknownClient = await writer.CallToolAsync("get_draft", new Dictionary<string, object?> { ["clientId"] = "no-such-client", ["profileId"] = "default" });
        var started = await writer.CallToolAsync("publish", new Dictionary<string, object?>(profile) { ["changelog"] = "from MCP" });

        Assert.NotEqual(true, added.IsError);
        Assert.True(duplicate.IsError);
        Assert.Equal("duplicate_server_name", duplicate.StructuredContent!.Value.GetProperty("code").GetString());
        Assert.True(unknownClient.IsError);
        Assert.EndsWith("_not_found", unknownClient.StructuredContent!.Value.GetProperty("code").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(true, started.IsError);
        var pipelineId = started.StructuredContent!.Value.GetProperty("pipelineId").GetString()!;
        var until = DateTime.UtcNow + Deadline;
        JsonElement status;
        while ((status = (await writer.CallToolAsync("get_pipeline", new Dictionary<string, object?> { ["pipelineId"] = pipelineId })).StructuredContent!.Value)
            .GetProperty("runtimeStatus").GetString() is not ("Completed" or "Failed" or "Terminated"))
        {
            Assert.True(DateTime.UtcNow < until, $"pipeline {pipelineId}: {status}");
            await Task.Delay(200);
        }

        Assert.Equal("Completed", status.GetProperty("runtimeStatus").GetString());
        Assert.Equal("published", status.GetProperty("output").GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task CancellingALongCall_CancelsItOnTheServer()
    {
        await using var client = await McpClients.ConnectAsync(fixture.Endpoint, fixture.AgentToken);
        using var cancel = new CancellationTokenSource();

        var call = client.CallToolAsync(
            "everything__trigger-long-running-operation", new Dictionary<string, object?> { ["duration"] = 300, ["steps"] = 1 }, cancellationToken: cancel.Token).AsTask();
        await fixture.WaitInFlightAsync("everything", 1, Deadline);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await fixture.WaitInFlightAsync("everything", 0, Deadline);
    }

    [Fact]
    public async Task AServerThatIsDown_GivesAToolErrorSayingSo_AndTheOtherToolsKeepWorking()
    {
        await using var client = await McpClients.ConnectAsync(fixture.Endpoint, fixture.AgentToken);
        await fixture.Doomed.DisposeAsync();

        var down = await client.CallToolAsync("doomed__echo", new Dictionary<string, object?> { ["message"] = "anyone?" });
        var up = await client.CallToolAsync("everything__echo", new Dictionary<string, object?> { ["message"] = "still here" });

        Assert.True(down.IsError);
        Assert.Matches("^(server_unavailable|server_error|call_timeout):", Text(down));
        Assert.Contains("doomed", Text(down), StringComparison.Ordinal);
        Assert.NotEqual(true, up.IsError);
    }

    [Fact]
    public async Task ResourcesAndPrompts_OfLiveServers_AreListedUnderTheirServer_PagedAndReadable()
    {
        await using var client = await McpClients.ConnectAsync(fixture.Endpoint, fixture.AgentToken);

        var resources = await client.ListResourcesAsync();
        var pages = 0;
        string? cursor = null;
        do
        {
            var page = await client.ListResourcesAsync(new ListResourcesRequestParams { Cursor = cursor });
            pages++;
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        var stdio = resources.First(r => r.Uri.StartsWith("mcpo://everything/", StringComparison.Ordinal));
        var read = await client.ReadResourceAsync(stdio.Uri);
        var prompts = await client.ListPromptsAsync();
        var prompt = await client.GetPromptAsync("everything-http__simple-prompt");

        Assert.Contains(resources, r => r.Uri.StartsWith("mcpo://everything-http/", StringComparison.Ordinal));
        Assert.True(pages >= 2, $"{pages} page(s)");
        Assert.Equal(stdio.Uri, Assert.Single(read.Contents).Uri);
        Assert.StartsWith("everything__", stdio.Name, StringComparison.Ordinal);
        Assert.Contains(prompts, p => p.Name == "everything__simple-prompt");
        Assert.NotEmpty(prompt.Messages);
        var unknown = await Assert.ThrowsAsync<McpProtocolException>(() => client.ReadResourceAsync("mcpo://no-such-server/x").AsTask());
        Assert.Contains("resource_not_found", unknown.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2025-06-18")]
    [InlineData("2025-11-25")]
    [InlineData(null)]
    public async Task ProtocolVersion_IsNegotiated_AndToolsWorkOnIt(string? version)
    {
        await using var client = await McpClients.ConnectAsync(fixture.Endpoint, fixture.AgentToken, version);

        var result = await client.CallToolAsync("everything__echo", new Dictionary<string, object?> { ["message"] = "v" });

        if (version is null)
        {
            Assert.False(string.IsNullOrEmpty(client.NegotiatedProtocolVersion));
        }
        else
        {
            Assert.Equal(version, client.NegotiatedProtocolVersion);
        }

        Assert.NotEqual(true, result.IsError);
        Assert.Equal("mcp-orchestrator", client.ServerInfo?.Name);
    }

    [Fact]
    public async Task ToolResults_NeverCarryTheCallersCredential()
    {
        await using var client = await McpClients.ConnectAsync(fixture.Endpoint, fixture.AgentToken);

        var env = await client.CallToolAsync("everything__get-env", new Dictionary<string, object?>());
        var clients = await client.CallToolAsync("list_clients", new Dictionary<string, object?>());

        foreach (var result in new[] { env, clients })
        {
            var text = JsonSerializer.Serialize(result, McpJsonUtilities.DefaultOptions);
            Assert.DoesNotContain(fixture.AgentToken, text, StringComparison.Ordinal);
            Assert.DoesNotContain(fixture.Live.ApiKey, text, StringComparison.Ordinal);
        }
    }

    private static string Text(CallToolResult result) =>
        string.Concat(result.Content.OfType<TextContentBlock>().Select(b => b.Text));
}
