using System.Globalization;
using System.Text.Json;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Mcp;
using McpOrchestrator.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static McpOrchestrator.Core.Tests.Mcp.McpConnectorTests;

namespace McpOrchestrator.Core.Tests.Mcp;

public sealed class LiveConnectionTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly string _stateDir = Directory.CreateTempSubdirectory("mcpo-faulty-").FullName;

    public void Dispose() => Directory.Delete(_stateDir, recursive: true);

    [Fact]
    public async Task CallToolAsync_EverythingOverStdio_RoutesAndKeepsStatistics()
    {
        await using var host = McpTestHost.Create();
        var marker = TestServers.NewMarker();
        var connection = Factory(host).Create(TestServers.EverythingStdio(marker));

        await connection.StartAsync().WaitAsync(Deadline);
        for (var i = 0; i < 5; i++)
        {
            var echo = await connection.CallToolAsync("echo", Arguments(new { message = $"m{i}" }));
            Assert.Equal($"Echo: m{i}", Text(echo.Result));
            Assert.Equal(1, echo.Attempts);
        }

        var sum = await connection.CallToolAsync("get-sum", Arguments(new { a = 1, b = 2 }));
        var status = connection.GetStatus();

        Assert.Contains("3", Text(sum.Result), StringComparison.Ordinal);
        Assert.Equal(LiveConnectionState.Connected, status.State);
        Assert.Equal(CircuitStatus.Closed, status.Circuit);
        Assert.True(status.ToolCount >= 10);
        Assert.Equal("2025-11-25", status.ProtocolVersion);
        Assert.Equal(6, status.Calls);
        Assert.Equal(0, status.Errors);
        Assert.NotNull(status.P50Ms);
        Assert.True(status.P50Ms <= status.P95Ms && status.P95Ms <= status.P99Ms);

        await connection.StopAsync().WaitAsync(Deadline);
        Assert.Equal(LiveConnectionState.Stopped, connection.State);
        Assert.Empty(ChildProcesses.WithMarker(marker));
        var refused = await Assert.ThrowsAsync<McpServerException>(() => connection.CallToolAsync("echo", Arguments(new { message = "late" })));
        Assert.Equal(McpFailureKind.Unavailable, refused.Kind);
    }

    [Fact]
    public async Task CallToolAsync_ToolErrorResult_IsAnAnswerAndNeverRetried()
    {
        await using var host = McpTestHost.Create();
        await using var connection = Factory(host).Create(Faulty());
        await connection.StartAsync().WaitAsync(Deadline);

        var result = await connection.CallToolAsync("fail", Arguments(new { message = "refused by the tool" }));

        Assert.True(result.IsError);
        Assert.Equal(1, result.Attempts);
        Assert.Equal(["fail"], CallsLog());
        var status = connection.GetStatus();
        Assert.Equal((1L, 0L, 1L), (status.Calls, status.Errors, status.ToolErrors));
    }

    [Fact]
    public async Task CallToolAsync_StdioServerCrashesMidCall_RetriedOnAFreshProcess()
    {
        await using var host = McpTestHost.Create();
        var marker = TestServers.NewMarker();
        await using var connection = Factory(host).Create(Faulty(marker));
        await connection.StartAsync().WaitAsync(Deadline);
        var firstPid = Text((await connection.CallToolAsync("pid", null)).Result);

        var result = await connection.CallToolAsync("crash_once", Arguments(new { key = "k1" })).WaitAsync(Deadline);

        Assert.Equal("recovered", Text(result.Result));
        Assert.Equal(2, result.Attempts);
        Assert.Equal(["crash_once", "crash_once"], CallsLog());
        var secondPid = Text((await connection.CallToolAsync("pid", null)).Result);
        Assert.NotEqual(firstPid, secondPid);
        Assert.Equal([int.Parse(secondPid, CultureInfo.InvariantCulture)], ChildProcesses.WithMarker(marker));
    }

    [Fact]
    public async Task CallToolAsync_AttemptTimesOut_RetriedAndEachAttemptCancelledOnTheServer()
    {
        await using var host = McpTestHost.Create(new Dictionary<string, string?>
        {
            ["McpOrchestrator:Mcp:CallTimeout"] = "00:00:00.500",
            ["McpOrchestrator:Mcp:MaxRetries"] = "1",
        });
        await using var connection = Factory(host).Create(Faulty());
        await connection.StartAsync().WaitAsync(Deadline);

        var failure = await Assert.ThrowsAsync<McpServerException>(
            () => connection.CallToolAsync("slow", Arguments(new { delayMs = 60_000 })).WaitAsync(Deadline));

        Assert.Equal(McpFailureKind.Timeout, failure.Kind);
        Assert.Equal("timeout after 500 ms waiting for the server's answer", failure.Message);
        Assert.Equal(["slow", "slow"], CallsLog());
        Assert.NotEqual("0", Text((await connection.CallToolAsync("wait_cancelled", Arguments(new { timeoutMs = 30_000 }))).Result));
        Assert.Equal(1, connection.GetStatus().Errors);
    }

    [Fact]
    public async Task CallToolAsync_CallersTimeout_BoundsTheWholeCallAndOutlastsTheDefaultAttemptTimeout()
    {
        await using var host = McpTestHost.Create(new Dictionary<string, string?> { ["McpOrchestrator:Mcp:CallTimeout"] = "00:00:00.200" });
        await using var connection = Factory(host).Create(Faulty());
        await connection.StartAsync().WaitAsync(Deadline);

        var slow = await connection.CallToolAsync("slow", Arguments(new { delayMs = 600 }), TimeSpan.FromSeconds(30));
        var failure = await Assert.ThrowsAsync<McpServerException>(
            () => connection.CallToolAsync("slow", Arguments(new { delayMs = 60_000 }), TimeSpan.FromMilliseconds(700)).WaitAsync(Deadline));

        Assert.Equal("slept 600 ms", Text(slow.Result));
        Assert.Equal(McpFailureKind.Timeout, failure.Kind);
        Assert.Equal(["slow", "slow"], CallsLog());
    }

    [Fact]
    public async Task CallToolAsync_Http5xx_RetriedUntilItSucceeds()
    {
        await using var server = await FaultyHttpServer.StartAsync();
        await using var host = McpTestHost.Create();
        await using var connection = Factory(host).Create(TestServers.Remote(server.Endpoint, Transport.Http, name: "faulty-http"));
        await connection.StartAsync().WaitAsync(Deadline);
        var postsBefore = await ToolCallPostsAsync(connection);

        await connection.CallToolAsync("http_fault", Arguments(new { status = 503, count = 2 }));
        var result = await connection.CallToolAsync("echo", Arguments(new { message = "through" }));

        Assert.Equal("Echo: through", Text(result.Result));
        Assert.Equal(3, result.Attempts);

        // http_fault, echo three times, and the stats call that counts them (each stats call counts itself).
        Assert.Equal(postsBefore + 5, await ToolCallPostsAsync(connection));
    }

    [Fact]
    public async Task CallToolAsync_Http5xxBeyondRetries_FailsWithTheStatusAndKeepsTheSession()
    {
        await using var server = await FaultyHttpServer.StartAsync();
        await using var host = McpTestHost.Create(new Dictionary<string, string?> { ["McpOrchestrator:Mcp:MaxRetries"] = "2" });
        await using var connection = Factory(host).Create(TestServers.Remote(server.Endpoint, Transport.Http, name: "faulty-http"));
        await connection.StartAsync().WaitAsync(Deadline);

        await connection.CallToolAsync("http_fault", Arguments(new { status = 502, count = 3 }));
        var failure = await Assert.ThrowsAsync<McpServerException>(() => connection.CallToolAsync("echo", Arguments(new { message = "x" })));

        Assert.Equal(McpFailureKind.HttpError, failure.Kind);
        Assert.Equal(502, failure.HttpStatus);
        Assert.Equal(LiveConnectionState.Connected, connection.State);
        Assert.Equal("Echo: y", Text((await connection.CallToolAsync("echo", Arguments(new { message = "y" }))).Result));
    }

    [Fact]
    public async Task CallToolAsync_JsonRpcErrorAnswer_IsNotRetried()
    {
        await using var server = await FaultyHttpServer.StartAsync();
        await using var host = McpTestHost.Create();
        await using var connection = Factory(host).Create(TestServers.Remote(server.Endpoint, Transport.Http, name: "faulty-http"));
        await connection.StartAsync().WaitAsync(Deadline);
        var postsBefore = await ToolCallPostsAsync(connection);

        var failure = await Assert.ThrowsAsync<McpServerException>(() => connection.CallToolAsync("no-such-tool", null));

        Assert.Equal(McpFailureKind.ProtocolError, failure.Kind);
        Assert.Equal(-32602, failure.ErrorCode);

        // stats, the unknown tool once, stats again.
        Assert.Equal(postsBefore + 2, await ToolCallPostsAsync(connection));
    }

    [Fact]
    public async Task CircuitBreaker_OpensOnFailures_HalfOpensAfterTheBreak_ClosesOnSuccess()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.Parse("2026-11-20T12:00:00Z", CultureInfo.InvariantCulture));
        await using var server = await FaultyHttpServer.StartAsync();
        await using var host = McpTestHost.Create(
            new Dictionary<string, string?>
            {
                ["McpOrchestrator:Mcp:MaxRetries"] = "0",
                ["McpOrchestrator:Mcp:BreakerMinimumThroughput"] = "2",
                ["McpOrchestrator:Mcp:BreakerFailureRatio"] = "0.5",
                ["McpOrchestrator:Mcp:BreakerBreakDuration"] = "00:00:10",
            },
            clock);
        await using var connection = Factory(host).Create(TestServers.Remote(server.Endpoint, Transport.Http, name: "faulty-http"));
        await connection.StartAsync().WaitAsync(Deadline);

        await connection.CallToolAsync("http_fault", Arguments(new { status = 503, count = 2 }));
        var first = await Assert.ThrowsAsync<McpServerException>(() => Echo(connection));
        Assert.Equal(McpFailureKind.HttpError, first.Kind);
        Assert.Equal(CircuitStatus.Open, connection.GetStatus().Circuit);

        var refused = await Assert.ThrowsAsync<McpServerException>(() => Echo(connection));
        Assert.Equal(McpFailureKind.CircuitOpen, refused.Kind);
        Assert.Equal(TimeSpan.FromSeconds(10), refused.RetryAfter);

        clock.Advance(TimeSpan.FromSeconds(10));
        var trial = await Assert.ThrowsAsync<McpServerException>(() => Echo(connection));
        Assert.Equal(McpFailureKind.HttpError, trial.Kind);
        Assert.Equal(CircuitStatus.Open, connection.GetStatus().Circuit);

        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal("Echo: hello", Text((await Echo(connection)).Result));
        Assert.Equal(CircuitStatus.Closed, connection.GetStatus().Circuit);

        // http_fault, the failing echo, the failing trial, the good trial: the refused call never reached the server.
        Assert.Equal(4, await ToolCallPostsAsync(connection) - 1);
        Assert.Equal(2, host.Logs.Lines.Count(l => l.Message.StartsWith("Circuit of MCP server faulty-http opened", StringComparison.Ordinal)));
        Assert.Single(host.Logs.Lines, l => l.Message == "Circuit of MCP server faulty-http closed");
    }

    [Fact]
    public async Task CircuitBreaker_CallersOwnTinyTimeouts_NeverOpenIt_ServerFailuresStillDo()
    {
        await using var server = await FaultyHttpServer.StartAsync();
        await using var host = McpTestHost.Create(new Dictionary<string, string?>
        {
            ["McpOrchestrator:Mcp:MaxRetries"] = "0",
            ["McpOrchestrator:Mcp:BreakerMinimumThroughput"] = "2",
            ["McpOrchestrator:Mcp:BreakerFailureRatio"] = "0.5",
            ["McpOrchestrator:Mcp:BreakerSamplingDuration"] = "01:00:00",
        });
        await using var connection = Factory(host).Create(TestServers.Remote(server.Endpoint, Transport.Http, name: "faulty-http"));
        await connection.StartAsync().WaitAsync(Deadline);

        for (var i = 0; i < 40; i++)
        {
            var timedOut = await Assert.ThrowsAsync<McpServerException>(() => connection.CallToolAsync("hang", null, TimeSpan.FromMilliseconds(1)).WaitAsync(Deadline));
            Assert.Equal(McpFailureKind.Timeout, timedOut.Kind);
            using var cancelled = new CancellationTokenSource();
            var call = connection.CallToolAsync("hang", null, cancellationToken: cancelled.Token);
            await cancelled.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(Deadline));
        }

        Assert.Equal(CircuitStatus.Closed, connection.GetStatus().Circuit);
        Assert.Equal("Echo: hello", Text((await Echo(connection)).Result));

        await connection.CallToolAsync("http_fault", Arguments(new { status = 503, count = 1000 }));
        for (var i = 0; i < 200 && connection.GetStatus().Circuit == CircuitStatus.Closed; i++)
        {
            Assert.Equal(McpFailureKind.HttpError, (await Assert.ThrowsAsync<McpServerException>(() => Echo(connection))).Kind);
        }

        Assert.Equal(CircuitStatus.Open, connection.GetStatus().Circuit);
    }

    [Fact]
    public async Task Reconnect_AfterTheStdioServerCrashes_ComesBackOnItsOwnWithANewProcess()
    {
        await using var host = McpTestHost.Create(new Dictionary<string, string?> { ["McpOrchestrator:Mcp:MaxRetries"] = "0" });
        var marker = TestServers.NewMarker();
        await using var connection = Factory(host).Create(Faulty(marker));
        await connection.StartAsync().WaitAsync(Deadline);
        var firstPid = Text((await connection.CallToolAsync("pid", null)).Result);
        var reconnected = WaitForState(connection, LiveConnectionState.Connected, afterLeaving: true);

        var failure = await Assert.ThrowsAsync<McpServerException>(() => connection.CallToolAsync("crash", Arguments(new { exitCode = 7 })));
        await reconnected.WaitAsync(Deadline);

        Assert.True(failure.Kind is McpFailureKind.ProcessExited or McpFailureKind.TransportLost, failure.Message);
        var secondPid = Text((await connection.CallToolAsync("pid", null)).Result);
        Assert.NotEqual(firstPid, secondPid);
        Assert.Equal([int.Parse(secondPid, CultureInfo.InvariantCulture)], ChildProcesses.WithMarker(marker));
        Assert.Contains(host.Logs.Lines, l => l.Message.Contains("Connection to MCP server faulty lost: the process exited with code 7", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CrashCycles_LeaveExactlyOneProcessAndNoneAfterStop()
    {
        await using var host = McpTestHost.Create(new Dictionary<string, string?>
        {
            ["McpOrchestrator:Mcp:MaxRetries"] = "0",
            ["McpOrchestrator:Mcp:ReconnectMaxDelay"] = "00:00:00.100",

            // Every other call crashes the server on purpose: keep the breaker out of this test.
            ["McpOrchestrator:Mcp:BreakerFailureRatio"] = "1",
        });
        var marker = TestServers.NewMarker();
        var connection = Factory(host).Create(Faulty(marker));
        await connection.StartAsync().WaitAsync(Deadline);

        for (var cycle = 0; cycle < 10; cycle++)
        {
            var reconnected = WaitForState(connection, LiveConnectionState.Connected, afterLeaving: true);
            await Assert.ThrowsAsync<McpServerException>(() => connection.CallToolAsync("crash", Arguments(new { exitCode = 1 })));
            await reconnected.WaitAsync(Deadline);
            Assert.Equal("Echo: ok", Text((await connection.CallToolAsync("echo", Arguments(new { message = "ok" }))).Result));
        }

        Assert.Single(ChildProcesses.WithMarker(marker));
        await connection.StopAsync().WaitAsync(Deadline);
        Assert.Empty(ChildProcesses.WithMarker(marker));
    }

    [Fact]
    public async Task Reconnect_StdioServerThatDaemonizes_LeavesNoOrphanPerReconnectAndNoneAfterStop()
    {
        await using var host = McpTestHost.Create(new Dictionary<string, string?>
        {
            ["McpOrchestrator:Mcp:MaxRetries"] = "0",
            ["McpOrchestrator:Mcp:ReconnectMaxDelay"] = "00:00:00.100",
            ["McpOrchestrator:Mcp:BreakerFailureRatio"] = "1",
        });
        var marker = TestServers.NewMarker();
        var connection = Factory(host).Create(TestServers.DaemonizingFaultyStdio(marker));
        try
        {
            await connection.StartAsync().WaitAsync(Deadline);
            for (var cycle = 0; cycle < 3; cycle++)
            {
                var reconnected = WaitForState(connection, LiveConnectionState.Connected, afterLeaving: true);
                await Assert.ThrowsAsync<McpServerException>(() => connection.CallToolAsync("crash", Arguments(new { exitCode = 1 })));
                await reconnected.WaitAsync(Deadline);

                // The new server and its new daemon; the crashed one's daemon went with its session.
                await ChildProcesses.WaitForCountAsync(marker, 2);
            }

            await connection.StopAsync().WaitAsync(Deadline);
            await ChildProcesses.WaitUntilNoneAsync(marker);
        }
        finally
        {
            await connection.DisposeAsync();
            KillAll(marker);
        }
    }

    [Fact]
    public async Task StartAsync_ServerExitsDuringInitializeOnce_ReconnectsOnItsOwn()
    {
        await using var host = McpTestHost.Create(new Dictionary<string, string?> { ["McpOrchestrator:Mcp:MaxRetries"] = "0" });
        var marker = TestServers.NewMarker();
        await using var connection = Factory(host).Create(TestServers.FaultyStdio(marker, ["--state-dir", _stateDir, "--exit-during-initialize", "9"]));
        var connected = WaitForState(connection, LiveConnectionState.Connected);

        await connection.StartAsync().WaitAsync(Deadline);
        await connected.WaitAsync(Deadline);

        Assert.Contains(host.Logs.Lines, l => l.Message.Contains("Could not connect to MCP server faulty: the process exited with code 9", StringComparison.Ordinal));
        Assert.Equal("Echo: back", Text((await connection.CallToolAsync("echo", Arguments(new { message = "back" }))).Result));
        Assert.Single(ChildProcesses.WithMarker(marker));
    }

    [Fact]
    public async Task HealthChecks_ServerGoesAway_DownAfterThreeFailures_BackWhenItAnswers()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.Parse("2026-11-20T12:00:00Z", CultureInfo.InvariantCulture));
        await using var server = await FaultyHttpServer.StartAsync();
        var port = server.Port;
        await using var host = McpTestHost.Create(
            new Dictionary<string, string?>
            {
                ["McpOrchestrator:Mcp:MaxRetries"] = "0",
                ["McpOrchestrator:Mcp:BreakerMinimumThroughput"] = "2",
            },
            clock);
        await using var connection = Factory(host).Create(TestServers.Remote(server.Endpoint, Transport.Http, name: "faulty-http"));
        await connection.StartAsync().WaitAsync(Deadline);

        var healthy = await connection.CheckHealthAsync();
        Assert.True(healthy.Ok, healthy.Error);
        Assert.Equal(HealthCheckMethod.ListTools, healthy.Method);

        await server.DisposeAsync();
        for (var i = 1; i <= 3; i++)
        {
            var check = await connection.CheckHealthAsync().WaitAsync(Deadline);
            Assert.False(check.Ok);
            Assert.Equal(i, check.ConsecutiveFailures);
            Assert.Equal(i >= 3, check.Down);
        }

        Assert.True(connection.GetStatus().Down);
        for (var i = 0; i < 2; i++)
        {
            await Assert.ThrowsAsync<McpServerException>(() => Echo(connection));
        }

        var open = await Assert.ThrowsAsync<McpServerException>(() => Echo(connection));
        Assert.Equal(McpFailureKind.CircuitOpen, open.Kind);

        await using var restarted = await FaultyHttpServer.StartAsync(port);
        var back = await connection.CheckHealthAsync().WaitAsync(Deadline);
        Assert.True(back.Ok, back.Error);
        Assert.False(back.Down);
        Assert.Equal(LiveConnectionState.Connected, connection.State);
        Assert.Contains(host.Logs.Lines, l => l.Message == "MCP server faulty-http is up again");

        clock.Advance(host.Options.BreakerBreakDuration);
        Assert.Equal("Echo: hello", Text((await Echo(connection)).Result));
        Assert.Equal(CircuitStatus.Closed, connection.GetStatus().Circuit);
    }

    [Fact]
    public async Task StartAsync_NothingListening_RecordsWhyAndConnectsWhenTheServerAppears()
    {
        await using var host = McpTestHost.Create();
        var port = FreePort.Next();
        await using var connection = Factory(host).Create(TestServers.Remote(new Uri($"http://127.0.0.1:{port}/mcp"), Transport.Http, name: "late"));

        await connection.StartAsync().WaitAsync(Deadline);
        var status = connection.GetStatus();
        Assert.NotEqual(LiveConnectionState.Connected, status.State);
        Assert.Equal($"connection refused: nothing listens at 127.0.0.1:{port}", status.LastError);

        await using var server = await FaultyHttpServer.StartAsync(port);
        var check = await connection.CheckHealthAsync().WaitAsync(Deadline);

        Assert.True(check.Ok, check.Error);
        Assert.Equal(LiveConnectionState.Connected, connection.State);
        Assert.Null(connection.GetStatus().LastError);
    }

    [Fact]
    public async Task ConcurrencyLimit_RefusesBeyondSlotsAndQueue()
    {
        await using var host = McpTestHost.Create(new Dictionary<string, string?>
        {
            ["McpOrchestrator:Mcp:MaxConcurrentCalls"] = "1",
            ["McpOrchestrator:Mcp:MaxQueuedCalls"] = "0",
        });
        await using var connection = Factory(host).Create(Faulty());
        await connection.StartAsync().WaitAsync(Deadline);
        using var cancel = new CancellationTokenSource();

        var holding = connection.CallToolAsync("hang", null, TimeSpan.FromMinutes(1), cancel.Token);
        var refused = await Assert.ThrowsAsync<McpServerException>(() => Echo(connection));
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => holding);

        Assert.Equal(McpFailureKind.Overloaded, refused.Kind);
        Assert.Equal("Echo: hello", Text((await Echo(connection)).Result));
    }

    [Fact]
    public async Task StopAsync_DrainsInFlightCallsThenEndsTheProcess()
    {
        await using var host = McpTestHost.Create();
        var marker = TestServers.NewMarker();
        var connection = Factory(host).Create(Faulty(marker));
        await connection.StartAsync().WaitAsync(Deadline);

        var inFlight = connection.CallToolAsync("slow", Arguments(new { delayMs = 300 }));
        var stopping = connection.StopAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("slept 300 ms", Text((await inFlight.WaitAsync(Deadline)).Result));
        await stopping.WaitAsync(Deadline);
        Assert.Empty(ChildProcesses.WithMarker(marker));
    }

    [Fact]
    public async Task StopAsync_DrainTimeoutExpires_CancelsWhatIsLeft()
    {
        await using var host = McpTestHost.Create();
        var marker = TestServers.NewMarker();
        var connection = Factory(host).Create(Faulty(marker));
        await connection.StartAsync().WaitAsync(Deadline);

        var hanging = connection.CallToolAsync("hang", null, TimeSpan.FromMinutes(1));
        await connection.StopAsync(TimeSpan.FromMilliseconds(200)).WaitAsync(Deadline);

        var failure = await Assert.ThrowsAsync<McpServerException>(() => hanging);
        Assert.Equal(McpFailureKind.Unavailable, failure.Kind);
        Assert.Contains(host.Logs.Lines, l => l.Message.Contains("1 calls still running after the drain timeout", StringComparison.Ordinal));
        Assert.Empty(ChildProcesses.WithMarker(marker));
    }

    [Fact]
    public async Task Tools_RespectTheEntrysIncludeAndExcludeFilters()
    {
        await using var host = McpTestHost.Create();
        var server = Faulty() with { Tools = new ToolFilter { Include = ["echo", "fail", "pid"], Exclude = ["fail"] } };
        await using var connection = Factory(host).Create(server);

        await connection.StartAsync().WaitAsync(Deadline);

        Assert.Equal(["echo", "pid"], connection.Tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.Equal(2, connection.GetStatus().ToolCount);

        connection.UpdateToolFilter(new ToolFilter { Include = ["fail"] });
        Assert.Equal(["fail"], connection.Tools.Select(t => t.Name));
    }

    [Fact]
    public void NeedsReconnect_OnlyWhenHowTheServerIsReachedChanges()
    {
        var current = TestServers.Remote(new Uri("http://127.0.0.1:1/mcp"), Transport.Http, headers: new Dictionary<string, string> { ["A"] = "1" });

        Assert.False(LiveConnection.NeedsReconnect(current, current with { Headers = new Dictionary<string, string> { ["A"] = "1" } }));
        Assert.False(LiveConnection.NeedsReconnect(current, current with { Tools = new ToolFilter { Exclude = ["x"] } }));
        Assert.True(LiveConnection.NeedsReconnect(current, current with { Headers = new Dictionary<string, string> { ["A"] = "2" } }));
        Assert.True(LiveConnection.NeedsReconnect(current, current with { Url = "http://127.0.0.1:2/mcp" }));
        Assert.True(LiveConnection.NeedsReconnect(current, current with { Transport = Transport.Sse }));
        Assert.True(LiveConnection.NeedsReconnect(current, current with { Env = new Dictionary<string, string> { ["B"] = "1" } }));
    }

    private static LiveConnectionFactory Factory(McpTestHost host) => host.Services.GetRequiredService<LiveConnectionFactory>();

    private static Task<ToolCallResult> Echo(LiveConnection connection) =>
        connection.CallToolAsync("echo", Arguments(new { message = "hello" }));

    private static async Task<int> ToolCallPostsAsync(LiveConnection connection)
    {
        var stats = await connection.CallToolAsync("stats", null);
        return JsonDocument.Parse(Text(stats.Result)).RootElement.GetProperty("toolCallPosts").GetInt32();
    }

    /// <summary>Completes when the connection reaches <paramref name="state"/>; with <paramref name="afterLeaving"/>,
    /// only after it has first been in another state.</summary>
    private static Task WaitForState(LiveConnection connection, LiveConnectionState state, bool afterLeaving = false)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var left = !afterLeaving;
        connection.StateChanged += (_, current) =>
        {
            if (current != state)
            {
                left = true;
            }
            else if (left)
            {
                reached.TrySetResult();
            }
        };
        if (!afterLeaving && connection.State == state)
        {
            reached.TrySetResult();
        }

        return reached.Task;
    }

    private ServerConfig Faulty(string? marker = null) =>
        TestServers.FaultyStdio(marker ?? TestServers.NewMarker(), ["--state-dir", _stateDir]);

    private string[] CallsLog()
    {
        var path = Path.Combine(_stateDir, "calls.log");
        return File.Exists(path) ? File.ReadAllLines(path) : [];
    }
}
