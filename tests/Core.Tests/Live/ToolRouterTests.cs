using System.Globalization;
using System.Text.Json;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Live;
using McpOrchestrator.Core.Mcp;
using McpOrchestrator.Core.Tests.Mcp;
using McpOrchestrator.TestSupport;

namespace McpOrchestrator.Core.Tests.Live;

/// <summary>Tool routing through the live set to real servers: listing with filters and name shortening, calls and
/// every refusal, batches, cancellation reaching the server, and the circuit breaker seen through the router.</summary>
public sealed class ToolRouterTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IDisposable
{
    private const string Caller = "tok_00000000000000aa";

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>A server name of 60 characters: every {server}__{tool} of it is longer than 64.</summary>
    private static readonly string LongName = "a-very-long-server-name-that-a-team-chose-for-clarity-0123456"[..60];

    private readonly string _stateDir = Directory.CreateTempSubdirectory("mcpo-router-").FullName;

    public void Dispose() => Directory.Delete(_stateDir, recursive: true);

    [Fact]
    public async Task ListTools_RespectsFilters_AndKeepsNamesWithin64Characters()
    {
        await using var host = await StartAsync(
            Faulty("f") with { Tools = new ToolFilter { Include = ["echo", "fail", "pid"], Exclude = ["fail"] } },
            Faulty(LongName));

        var tools = host.Router.ListTools();

        Assert.Equal(["f__echo", "f__pid"], tools.Where(t => t.Server == "f").Select(t => t.Name));
        var longOnes = tools.Where(t => t.Server == LongName).ToList();
        Assert.True(longOnes.Count >= 10);
        Assert.All(longOnes, t =>
        {
            Assert.Equal(64, t.Name.Length);
            Assert.StartsWith((LongName + "__" + t.Tool)[..55] + "_", t.Name, StringComparison.Ordinal);
            Assert.Equal(LiveToolNames.Qualify(LongName, t.Tool), t.Name);
            Assert.True(t.Available);
        });
        Assert.Equal(tools.Count, tools.Select(t => t.Name).Distinct().Count());
        var echo = tools.Single(t => t.Name == "f__echo");
        Assert.Equal("object", echo.InputSchema.GetProperty("type").GetString());
        Assert.Equal("Answers 'Echo: <message>'.", echo.Description);
    }

    [Fact]
    public async Task FindTool_IsTheListingsLookup_AndFollowsTheLiveSetAsItIsRefilteredExtendedAndShrunk()
    {
        var f = Faulty("f");
        await using var host = await StartAsync(f with { Tools = new ToolFilter { Include = ["echo", "pid"] } });

        Assert.All(host.Router.ListTools(), t => Assert.Equal(Key(t), Key(host.Router.FindTool(t.Name))));
        Assert.Null(host.Router.FindTool("f__fail"));
        Assert.Null(host.Router.FindTool("f__nope"));
        Assert.Null(host.Router.FindTool(null));

        await host.DeployAsync(f with { Tools = new ToolFilter { Include = ["echo", "fail"] } }, Faulty("g"));
        await host.Live.ReconcileAsync();
        await host.WaitConnectedAsync(2);

        Assert.Equal(("f", "fail"), (host.Router.FindTool("f__fail")?.Server, host.Router.FindTool("f__fail")?.Tool));
        Assert.Null(host.Router.FindTool("f__pid"));
        Assert.Equal("g", host.Router.FindTool("g__echo")?.Server);
        Assert.All(host.Router.ListTools(), t => Assert.Equal(Key(t), Key(host.Router.FindTool(t.Name))));

        await host.DeployAsync(Faulty("g"));
        await host.Live.ReconcileAsync();
        await host.WaitConnectedAsync(1);

        Assert.Null(host.Router.FindTool("f__echo"));
        Assert.Equal(["g"], host.Router.ListTools().Select(t => t.Server).Distinct());

        static (string, string, string, bool)? Key(LiveTool? t) => t is null ? null : (t.Name, t.Server, t.Tool, t.Available);
    }

    [Fact]
    public async Task CallAsync_RoutesToTheServer_AndAToolErrorIsAnAnswerNeverRetried()
    {
        await using var host = await StartAsync(Faulty("f"));

        var echo = await host.Router.CallAsync(LiveTestHost.Call("f", "echo", new { message = "hi" }), CancellationToken.None);
        var fail = await host.Router.CallAsync(LiveTestHost.Call("f", "fail", new { message = "refused by the tool" }), CancellationToken.None);

        Assert.Equal(("Echo: hi", false, 1), (LiveTestHost.Text(echo), echo.IsError, echo.Attempts));
        Assert.True(fail.IsError);
        Assert.Equal(1, fail.Attempts);
        Assert.Contains("refused by the tool", LiveTestHost.Text(fail), StringComparison.Ordinal);
        Assert.Equal(1, (await StatsAsync(host)).GetProperty("calls").GetProperty("fail").GetInt32());
        var status = host.Live.Find("f")!.GetStatus();
        Assert.Equal((1L, 0L), (status.ToolErrors, status.Errors));
    }

    [Fact]
    public async Task CallAsync_BadInput_IsRefusedBeforeAnythingIsSent()
    {
        await using var host = await StartAsync(Faulty("f") with { Tools = new ToolFilter { Exclude = ["crash"] } });

        var unknownServer = await host.RefusalAsync("nobody", "echo");
        var unknownTool = await host.RefusalAsync("f", "Echo");
        var excluded = await host.RefusalAsync("f", "crash", new { exitCode = 1 });
        var notAnObject = await host.RefusalAsync(new ToolCall { Server = "f", Tool = "echo", Arguments = JsonSerializer.SerializeToElement(new[] { 1 }) });
        var wrongType = await host.RefusalAsync("f", "echo", new { message = 5 });
        var missing = await host.RefusalAsync("f", "echo", new { });
        var zeroTimeout = await host.RefusalAsync("f", "echo", new { message = "x" }, timeoutMs: 0);
        var hugeTimeout = await host.RefusalAsync("f", "echo", new { message = "x" }, timeoutMs: 300_001);

        Assert.Equal((404, "connection_not_found"), (unknownServer.Status, unknownServer.Code));
        Assert.Contains("Live servers: f.", unknownServer.Detail, StringComparison.Ordinal);
        Assert.Equal((404, "tool_not_found"), (unknownTool.Status, unknownTool.Code));
        Assert.Contains("lists no tool named 'Echo'", unknownTool.Detail, StringComparison.Ordinal);
        Assert.Equal((404, "tool_not_found"), (excluded.Status, excluded.Code));
        Assert.Contains("excluded by the server entry's tool filter", excluded.Detail, StringComparison.Ordinal);
        Assert.Equal((400, "invalid_arguments"), (notAnObject.Status, notAnObject.Code));
        Assert.Equal((400, "invalid_arguments"), (wrongType.Status, wrongType.Code));
        Assert.Equal(["/message: Value is \"integer\" but should be \"string\""], (IReadOnlyList<string>)wrongType.Extensions["violations"]!);
        Assert.Equal(["the arguments: Required properties [\"message\"] are not present"], (IReadOnlyList<string>)missing.Extensions["violations"]!);
        Assert.Equal((400, "invalid_timeout"), (zeroTimeout.Status, zeroTimeout.Code));
        Assert.Equal((400, "invalid_timeout"), (hugeTimeout.Status, hugeTimeout.Code));
        Assert.False((await StatsAsync(host)).GetProperty("calls").TryGetProperty("echo", out _));
    }

    [Fact]
    public async Task CallAsync_SlowerThanItsTimeout_Is504AndCancelledOnTheServer()
    {
        await using var host = await StartAsync(Faulty("f"));

        var refused = await host.RefusalAsync("f", "slow", new { delayMs = 60_000 }, timeoutMs: 300);

        Assert.Equal((504, "call_timeout"), (refused.Status, refused.Code));
        Assert.NotEqual("0", await host.CallTextAsync("f", "wait_cancelled", new { timeoutMs = 30_000 }));
    }

    [Fact]
    public async Task CallAsync_ResultOverTheLimit_IsRefusedAsTooLarge()
    {
        await using var host = await StartAsync(new Dictionary<string, string?> { ["McpOrchestrator:Live:MaxResultBytes"] = "2048" }, null, Faulty("f"));

        var refused = await host.RefusalAsync("f", "echo", new { message = new string('x', 3000) });

        Assert.Equal((502, "result_too_large"), (refused.Status, refused.Code));
        Assert.Contains("the limit is 2048 bytes (McpOrchestrator__Live__MaxResultBytes)", refused.Detail, StringComparison.Ordinal);
        Assert.Equal("Echo: small", await host.CallTextAsync("f", "echo", new { message = "small" }));
    }

    [Fact]
    public async Task CallBatchAsync_ResultsInInputOrder_OneFailureNeverFailsTheOthers()
    {
        await using var host = await StartAsync(Faulty("f"), TestServers.EverythingStdio(TestServers.NewMarker(), "e"));
        var calls = new List<ToolCall?>();
        for (var i = 0; i < 30; i++)
        {
            calls.Add((i % 6) switch
            {
                0 => LiveTestHost.Call("e", "get-sum", new { a = i, b = 1 }),
                1 => LiveTestHost.Call("f", "fail", new { message = $"no {i}" }),
                2 => LiveTestHost.Call("nobody", "echo", new { message = "x" }),
                3 => LiveTestHost.Call("f", "echo", new { message = i }),
                4 => LiveTestHost.Call("f", "slow", new { delayMs = 50_000 }, timeoutMs: 200),
                _ => LiveTestHost.Call("f", "echo", new { message = $"m{i}" }),
            });
        }

        calls.Add(null);
        var batch = await host.Router.CallBatchAsync(calls, maxParallel: 100, null, Caller, CancellationToken.None);

        Assert.Equal(32, batch.MaxParallel);
        Assert.Equal(31, batch.Results.Count);
        for (var i = 0; i < 30; i++)
        {
            var result = batch.Results[i];
            switch (i % 6)
            {
                case 0:
                    Assert.True(result.Ok);
                    Assert.Contains($"The sum of {i} and 1 is {i + 1}", LiveTestHost.Text(result.Result!), StringComparison.Ordinal);
                    break;
                case 1:
                    Assert.True(result.Ok);
                    Assert.True(result.Result!.IsError);
                    Assert.Contains($"no {i}", LiveTestHost.Text(result.Result), StringComparison.Ordinal);
                    break;
                case 2:
                    Assert.Equal((false, "connection_not_found"), (result.Ok, result.Error!.Code));
                    break;
                case 3:
                    Assert.Equal((false, "invalid_arguments"), (result.Ok, result.Error!.Code));
                    break;
                case 4:
                    Assert.Equal((false, "call_timeout"), (result.Ok, result.Error!.Code));
                    break;
                default:
                    Assert.Equal($"Echo: m{i}", LiveTestHost.Text(result.Result!));
                    break;
            }
        }

        Assert.Equal("invalid_call", batch.Results[30].Error!.Code);
    }

    [Fact]
    public async Task CallBatchAsync_ShapeRefusals()
    {
        await using var host = await StartAsync(Faulty("f"));
        var one = new ToolCall?[] { LiveTestHost.Call("f", "echo", new { message = "x" }) };

        var empty = await Assert.ThrowsAsync<Problems.ProblemException>(() => host.Router.CallBatchAsync([], null, null, Caller, CancellationToken.None));
        var tooMany = await Assert.ThrowsAsync<Problems.ProblemException>(() => host.Router.CallBatchAsync([.. Enumerable.Repeat(one[0], 101)], null, null, Caller, CancellationToken.None));
        var zero = await Assert.ThrowsAsync<Problems.ProblemException>(() => host.Router.CallBatchAsync(one, 0, null, Caller, CancellationToken.None));
        var defaults = await host.Router.CallBatchAsync(one, null, null, Caller, CancellationToken.None);

        Assert.Equal("invalid_batch", empty.Problem.Code);
        Assert.Equal("too_many_calls", tooMany.Problem.Code);
        Assert.Equal("invalid_max_parallel", zero.Problem.Code);
        Assert.Equal(10, defaults.MaxParallel);
    }

    [Fact]
    public async Task CallBatchAsync_CallerCancels_CallsInFlightAreCancelledOnTheServer()
    {
        await using var host = await StartAsync(Faulty("f"));
        using var caller = new CancellationTokenSource();

        var batch = host.Router.CallBatchAsync([LiveTestHost.Call("f", "hang"), LiveTestHost.Call("f", "echo", new { message = "fast" })], null, null, Caller, caller.Token);
        Assert.Equal("true", await host.CallTextAsync("f", "wait_started", new { timeoutMs = 30_000 }));
        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => batch).WaitAsync(Deadline);
        Assert.Equal("1", await host.CallTextAsync("f", "wait_cancelled", new { timeoutMs = 30_000 }));
    }

    [Fact]
    public async Task CallBatchAsync_DeadlinePasses_UnfinishedCallsAnswerBatchTimeout_AndAreCancelledOnTheServer()
    {
        // Regression (issue 15, item 13): a batch had no overall deadline.
        var clock = new ManualTimeProvider(DateTimeOffset.Parse("2026-11-20T12:00:00Z", CultureInfo.InvariantCulture));
        await using var host = await StartAsync(null, clock, Faulty("f"));

        var batch = host.Router.CallBatchAsync(
            [LiveTestHost.Call("f", "echo", new { message = "fast" }), LiveTestHost.Call("f", "hang"), LiveTestHost.Call("f", "echo", new { message = "never" })],
            maxParallel: 1, timeoutMs: 1000, Caller, CancellationToken.None);
        Assert.Equal("true", await host.CallTextAsync("f", "wait_started", new { timeoutMs = 30_000 }));
        clock.Advance(TimeSpan.FromSeconds(1));
        var result = await batch.WaitAsync(Deadline);

        Assert.True(result.Results[0].Ok);
        Assert.Equal([null, "batch_timeout", "batch_timeout"], result.Results.Select(r => r.Error?.Code));
        Assert.Contains("1000 ms", result.Results[1].Error!.Message, StringComparison.Ordinal);
        Assert.Equal("1", await host.CallTextAsync("f", "wait_cancelled", new { timeoutMs = 30_000 }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(120_001)]
    public async Task CallBatchAsync_TimeoutOutsideOneToTheLimit_Is400InvalidBatchTimeout_NothingCalled(int timeoutMs)
    {
        await using var host = await StartAsync(Faulty("f"));

        var refused = await Assert.ThrowsAsync<Problems.ProblemException>(
            () => host.Router.CallBatchAsync([LiveTestHost.Call("f", "echo", new { message = "x" })], null, timeoutMs, Caller, CancellationToken.None));

        Assert.Equal((400, "invalid_batch_timeout"), (refused.Problem.Status, refused.Problem.Code));
        Assert.Contains("1 to 120000 milliseconds", refused.Problem.Detail, StringComparison.Ordinal);
        Assert.Contains("McpOrchestrator__Live__BatchTimeout", refused.Problem.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("\"echo\"", await host.CallTextAsync("f", "stats"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallBatchAsync_OneMoreThanTheCredentialsCap_Is429TooManyBatches_OtherCredentialsUnaffected()
    {
        await using var host = await StartAsync(new Dictionary<string, string?> { ["McpOrchestrator:Live:MaxConcurrentBatches"] = "1" }, null, Faulty("f"));
        using var first = new CancellationTokenSource();
        var running = host.Router.CallBatchAsync([LiveTestHost.Call("f", "hang")], null, null, "alice", first.Token);
        Assert.Equal("true", await host.CallTextAsync("f", "wait_started", new { timeoutMs = 30_000 }));
        ToolCall[] echo = [LiveTestHost.Call("f", "echo", new { message = "x" })];

        var refused = await Assert.ThrowsAsync<Problems.ProblemException>(() => host.Router.CallBatchAsync(echo, null, null, "alice", CancellationToken.None));
        var other = await host.Router.CallBatchAsync(echo, null, null, "bob", CancellationToken.None);

        Assert.Equal((429, "too_many_batches"), (refused.Problem.Status, refused.Problem.Code));
        Assert.Equal("5", refused.Problem.Headers["Retry-After"]);
        Assert.Contains("McpOrchestrator__Live__MaxConcurrentBatches", refused.Problem.Detail, StringComparison.Ordinal);
        Assert.True(other.Results[0].Ok);
        await first.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running).WaitAsync(Deadline);
        Assert.True((await host.Router.CallBatchAsync(echo, null, null, "alice", CancellationToken.None)).Results[0].Ok);
    }

    [Fact]
    public async Task CircuitBreaker_OpensAfterRepeatedTransportFailures_RefusesFast_AndRecovers()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.Parse("2026-11-20T12:00:00Z", CultureInfo.InvariantCulture));
        var flag = Path.Combine(_stateDir, "down");
        await using var host = await StartAsync(
            new Dictionary<string, string?>
            {
                ["McpOrchestrator:Mcp:MaxRetries"] = "0",
                ["McpOrchestrator:Mcp:BreakerMinimumThroughput"] = "2",
                ["McpOrchestrator:Mcp:BreakerBreakDuration"] = "00:00:10",
            },
            clock,
            FlaggedFaulty("f", flag));

        await File.WriteAllTextAsync(flag, "down");
        var crashed = await host.RefusalAsync("f", "crash", new { exitCode = 9 });
        var notBack = await host.RefusalAsync("f", "echo", new { message = "x" });
        var open = await host.RefusalAsync("f", "echo", new { message = "x" });

        Assert.Equal((503, "server_unavailable"), (crashed.Status, crashed.Code));
        Assert.Equal((503, "server_unavailable"), (notBack.Status, notBack.Code));
        Assert.Equal((503, "server_unavailable"), (open.Status, open.Code));
        Assert.Equal(McpFailureKind.CircuitOpen, open.Extensions["failureKind"]);
        Assert.Equal("10", open.Headers["Retry-After"]);
        Assert.Equal(CircuitStatus.Open, host.Live.Find("f")!.GetStatus().Circuit);
        Assert.False(host.Router.ListTools().First(t => t.Server == "f").Available);

        File.Delete(flag);
        clock.Advance(TimeSpan.FromSeconds(10));
        var check = (await host.Monitor.RunAsync(CancellationToken.None).WaitAsync(LiveTestHost.Deadline)).Checks.Single();
        Assert.True(check.Ok, check.Error);

        Assert.Equal("Echo: back", await host.CallTextAsync("f", "echo", new { message = "back" }));
        Assert.Equal(CircuitStatus.Closed, host.Live.Find("f")!.GetStatus().Circuit);
    }

    private async Task<LiveTestHost> StartAsync(params ServerConfig[] servers) => await StartAsync(null, null, servers);

    private async Task<LiveTestHost> StartAsync(IDictionary<string, string?>? settings, TimeProvider? clock, params ServerConfig[] servers)
    {
        var host = await LiveTestHost.StartAsync(azurite, settings, clock);
        await host.DeployAsync(servers);
        await host.Live.ReconcileAsync();
        await host.WaitConnectedAsync(servers.Length);
        return host;
    }

    private static async Task<JsonElement> StatsAsync(LiveTestHost host) =>
        JsonDocument.Parse(await host.CallTextAsync("f", "stats")).RootElement.Clone();

    private ServerConfig Faulty(string name) => TestServers.FaultyStdio(TestServers.NewMarker(), ["--state-dir", _stateDir], name: name);

    /// <summary>The FaultyMcpServer behind a shell that refuses to start it (exit 3) while <paramref name="flag"/>
    /// exists: a server that stays down after a crash until the test says otherwise.</summary>
    internal static ServerConfig FlaggedFaulty(string name, string flag) => new()
    {
        Name = name,
        Transport = Transport.Stdio,
        Command = "sh",
        Args = ["-c", "if [ -e \"$1\" ]; then echo 'down on purpose' >&2; exit 3; fi; exec dotnet \"$2\" stdio", "sh", flag, TestServers.FaultyServerDll],
        Env = new Dictionary<string, string> { [TestServers.MarkerVariable] = TestServers.NewMarker() },
    };
}
