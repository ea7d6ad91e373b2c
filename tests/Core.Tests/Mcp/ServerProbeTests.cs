using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Mcp;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Core.Tests.Mcp;

public sealed class ServerProbeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task ProbeAsync_EverythingOverStdio_OkWithToolsAndNoProcessLeft()
    {
        await using var host = McpTestHost.Create();
        var marker = TestServers.NewMarker();

        var result = await host.Probe.ProbeAsync(TestServers.EverythingStdio(marker), Timeout).WaitAsync(Deadline);

        Assert.True(result.Ok, result.Error);
        Assert.Equal("everything", result.Server);
        Assert.True(result.ToolCount >= 10, $"{result.ToolCount} tools");
        Assert.Equal("2025-11-25", result.ProtocolVersion);
        Assert.False(string.IsNullOrEmpty(result.ServerName));
        Assert.False(string.IsNullOrEmpty(result.ServerVersion));
        Assert.Null(result.Error);
        Assert.Null(result.FailureKind);
        Assert.Empty(ChildProcesses.WithMarker(marker));
    }

    [Theory]
    [InlineData("streamableHttp", Transport.Http)]
    [InlineData("sse", Transport.Sse)]
    public async Task ProbeAsync_EverythingOverHttp_OkWithTools(string mode, Transport transport)
    {
        await using var server = await EverythingHttpServer.StartAsync(mode);
        await using var host = McpTestHost.Create();

        var result = await host.Probe.ProbeAsync(TestServers.Remote(server.Endpoint, transport), Timeout).WaitAsync(Deadline);

        Assert.True(result.Ok, result.Error);
        Assert.True(result.ToolCount >= 10, $"{result.ToolCount} tools");
        Assert.Equal("2025-11-25", result.ProtocolVersion);
    }

    [Fact]
    public async Task ProbeAsync_UnreachableUrl_ReportsConnectionRefused()
    {
        await using var host = McpTestHost.Create();
        var port = FreePort.Next();

        var result = await host.Probe.ProbeAsync(TestServers.Remote(new Uri($"http://127.0.0.1:{port}/mcp"), Transport.Http), TimeSpan.FromSeconds(5)).WaitAsync(Deadline);

        Assert.False(result.Ok);
        Assert.Equal(McpFailureKind.ConnectionRefused, result.FailureKind);
        Assert.Equal($"connection refused: nothing listens at 127.0.0.1:{port}", result.Error);
        Assert.Null(result.ToolCount);
    }

    [Fact]
    public async Task ProbeAsync_HangingStdioServer_TimesOutAndKillsIt()
    {
        await using var host = McpTestHost.Create();
        var marker = TestServers.NewMarker();

        var result = await host.Probe.ProbeAsync(TestServers.FaultyStdio(marker, ["--hang-on-start"]), TimeSpan.FromSeconds(2)).WaitAsync(Deadline);

        Assert.False(result.Ok);
        Assert.Equal(McpFailureKind.Timeout, result.FailureKind);
        Assert.Equal("timeout after 2000 ms while connecting and initializing", result.Error);
        Assert.Empty(ChildProcesses.WithMarker(marker));
    }

    [Fact]
    public async Task ProbeAsync_HangingHttpServer_TimesOut()
    {
        await using var server = await FaultyHttpServer.StartAsync(0, "--hang-on-start");
        await using var host = McpTestHost.Create();

        var result = await host.Probe.ProbeAsync(TestServers.Remote(server.Endpoint, Transport.Http), TimeSpan.FromSeconds(2)).WaitAsync(Deadline);

        Assert.False(result.Ok);
        Assert.Equal(McpFailureKind.Timeout, result.FailureKind);
        Assert.Equal("timeout after 2000 ms while connecting and initializing", result.Error);
    }

    [Fact]
    public async Task ProbeAsync_MissingCommand_SaysSpawnFailed()
    {
        await using var host = McpTestHost.Create();

        var result = await host.Probe.ProbeAsync(new ServerConfig { Name = "ghost", Transport = Transport.Stdio, Command = "no-such-mcp-server-binary" }, Timeout);

        Assert.False(result.Ok);
        Assert.Equal(McpFailureKind.SpawnFailed, result.FailureKind);
        Assert.StartsWith("spawn failed: command 'no-such-mcp-server-binary' not found", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeManyAsync_MixedServers_ReportsEachInInputOrder()
    {
        await using var host = McpTestHost.Create();
        var marker = TestServers.NewMarker();
        ServerConfig[] servers =
        [
            TestServers.Remote(new Uri($"http://127.0.0.1:{FreePort.Next()}/mcp"), Transport.Http, name: "refused"),
            TestServers.EverythingStdio(marker, name: "everything"),
            new() { Name = "ghost", Transport = Transport.Stdio, Command = "no-such-mcp-server-binary" },
            TestServers.FaultyStdio(marker, name: "faulty"),
            TestServers.FaultyStdio(marker, ["--crash-on-start", "2"], name: "crashing"),
            TestServers.FaultyStdio(marker, env: new Dictionary<string, string> { ["KEY"] = "${secret:NOPE}" }, name: "unresolved"),
        ];

        var results = await host.Probe.ProbeManyAsync(servers, Timeout, maxParallel: 3).WaitAsync(Deadline);

        Assert.Equal(servers.Select(s => s.Name), results.Select(r => r.Server));
        Assert.Equal([false, true, false, true, false, false], results.Select(r => r.Ok));
        Assert.Equal(
            [McpFailureKind.ConnectionRefused, null, McpFailureKind.SpawnFailed, null, McpFailureKind.ProcessExited, McpFailureKind.UnresolvedReference],
            results.Select(r => r.FailureKind));
        Assert.Equal("2026-07-28", results[3].ProtocolVersion);
        Assert.Empty(ChildProcesses.WithMarker(marker));
    }

    [Fact]
    public async Task ProbeManyAsync_CallerCancels_Throws()
    {
        await using var host = McpTestHost.Create();
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => host.Probe.ProbeManyAsync([TestServers.FaultyStdio(TestServers.NewMarker())], Timeout, 1, cancel.Token));
    }
}
