using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace McpOrchestrator.Functions.Tests.Live;

/// <summary>Live orchestration over HTTP, end to end: servers deployed to <c>orchestrator/default</c> are live at
/// start, their tools are listed and called through the service (stdio and streamable HTTP), batches come back in
/// order with partial results, an aborted batch is cancelled on the server, and broken servers open their breaker,
/// are refused fast, and come back by themselves.</summary>
public sealed class LiveEndToEndTests(LiveFixture fixture) : IClassFixture<LiveFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private ApiClient Api => fixture.Live.Api;

    [Fact]
    public async Task Connections_EveryDeployedServerIsLive_WithTheStatusRowPromised()
    {
        var body = await Api.GetAsync("/v1/connections");

        Assert.Equal("default", (string?)body["profile"]);
        Assert.Equal(1, (int?)body["version"]);
        var rows = body["connections"]!.AsArray().Select(r => r!.AsObject()).ToList();
        Assert.Equal(fixture.Servers.Select(s => s.Name).Order(StringComparer.Ordinal), rows.Select(r => (string?)r["name"]));
        foreach (var row in rows)
        {
            foreach (var field in new[] { "name", "state", "circuit", "lastHealthCheck", "latencyMs", "toolCount", "lastError", "calls", "errors", "p50Ms", "p95Ms", "p99Ms" })
            {
                Assert.True(row.ContainsKey(field), $"{row["name"]} has no {field}: {row.ToJsonString()}");
            }
        }

        var everything = rows.Single(r => (string?)r["name"] == "everything");
        Assert.Equal(("stdio", "2025-11-25"), ((string?)everything["transport"], (string?)everything["protocolVersion"]));
        Assert.True((int)everything["toolCount"]! >= 10);
        Assert.Equal(2, (int)rows.Single(r => (string?)r["name"] == LiveFixture.LongName)["toolCount"]!);
        Assert.Equal("http", (string?)rows.Single(r => (string?)r["name"] == "everything-http")["transport"]);

        var health = await Api.GetAsync("/health");
        var live = health["checks"]!["liveServers"]!;
        Assert.Equal(fixture.Servers.Count, (int)live["total"]!);
        Assert.Equal(fixture.Servers.Count, (int)live["up"]! + (int)live["down"]! + (int)live["connecting"]!);
    }

    [Fact]
    public async Task Tools_ListedWithEachEntrysFilter_AndNamesWithin64Characters()
    {
        var tools = (await Api.GetAsync("/v1/tools"))["tools"]!.AsArray().Select(t => t!).ToList();
        var names = tools.Select(t => (string)t["name"]!).ToList();

        Assert.Contains("everything__echo", names);
        Assert.Contains("everything-http__get-sum", names);
        Assert.Contains("faulty__echo", names);
        Assert.DoesNotContain("faulty__env", names);
        Assert.DoesNotContain("faulty__crash", names);
        Assert.All(names, n => Assert.True(n.Length <= 64, n));
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
        var longOnes = tools.Where(t => (string?)t["server"] == LiveFixture.LongName).ToList();
        Assert.Equal(["echo", "get-sum"], longOnes.Select(t => (string)t["tool"]!).Order(StringComparer.Ordinal));
        Assert.All(longOnes, t => Assert.Matches("^" + LiveFixture.LongName[..55] + "_[0-9a-f]{8}$", (string)t["name"]!));
        var echo = tools.Single(t => (string?)t["name"] == "everything__echo");
        Assert.Equal("string", (string?)echo["inputSchema"]!["properties"]!["message"]!["type"]);
    }

    [Theory]
    [InlineData("everything")]
    [InlineData("everything-http")]
    [InlineData(LiveFixture.LongName)]
    public async Task CallTool_EchoAndGetSum_OnEachTransport(string server)
    {
        var echo = await Api.ExpectAsync(HttpMethod.Post, $"/v1/connections/{server}/tools/echo", new { arguments = new { message = "hello" } }, 200);
        var sum = await Api.ExpectAsync(HttpMethod.Post, $"/v1/connections/{server}/tools/get-sum", new { arguments = new { a = 2, b = 3.5 }, timeoutMs = 10_000 }, 200);

        Assert.Equal("Echo: hello", (string?)echo["content"]![0]!["text"]);
        Assert.False((bool)echo["isError"]!);
        Assert.True((long)echo["latencyMs"]! >= 0);
        Assert.True(echo.AsObject().ContainsKey("structuredContent"));
        Assert.Equal("The sum of 2 and 3.5 is 5.5.", (string?)sum["content"]![0]!["text"]);
    }

    [Fact]
    public async Task CallTool_ToolError_IsAnAnswer_NotRetried()
    {
        var before = await FaultyCallsAsync("faulty", "fail");

        var answer = await Api.ExpectAsync(HttpMethod.Post, "/v1/connections/faulty/tools/fail", new { arguments = new { message = "no such order" } }, 200);

        Assert.True((bool)answer["isError"]!);
        Assert.Equal(1, (int)answer["attempts"]!);
        Assert.Contains("no such order", (string?)answer["content"]![0]!["text"], StringComparison.Ordinal);
        Assert.Equal(before + 1, await FaultyCallsAsync("faulty", "fail"));
    }

    [Fact]
    public async Task CallTool_BadInputAndUnknownThings_AreProblems_AndNothingIsSent()
    {
        var before = await FaultyCallsAsync("faulty", "echo");

        await ExpectProblemAsync("/v1/connections/nobody/tools/echo", new { arguments = new { } }, 404, "connection_not_found");
        await ExpectProblemAsync("/v1/connections/Not%20An%20Id/tools/echo", new { arguments = new { } }, 400, "invalid_id");
        await ExpectProblemAsync("/v1/connections/faulty/tools/no-such-tool", new { arguments = new { } }, 404, "tool_not_found");
        var excluded = await ExpectProblemAsync("/v1/connections/faulty/tools/env", new { arguments = new { name = "PATH" } }, 404, "tool_not_found");
        var wrongType = await ExpectProblemAsync("/v1/connections/faulty/tools/echo", new { arguments = new { message = 5 } }, 400, "invalid_arguments");
        await ExpectProblemAsync("/v1/connections/faulty/tools/echo", new { arguments = new[] { "hello" } }, 400, "invalid_arguments");
        await ExpectProblemAsync("/v1/connections/faulty/tools/echo", new { argumentz = new { message = "x" } }, 400, "unknown_field");
        await ExpectProblemAsync("/v1/connections/faulty/tools/echo", new { arguments = new { message = "x" }, timeoutMs = 0 }, 400, "invalid_timeout");
        var timedOut = await ExpectProblemAsync("/v1/connections/slow-single/tools/slow", new { arguments = new { delayMs = 60_000 }, timeoutMs = 300 }, 504, "call_timeout");

        Assert.Contains("excluded by the server entry's tool filter", (string?)excluded["detail"], StringComparison.Ordinal);
        Assert.Equal("/message: Value is \"integer\" but should be \"string\"", (string?)wrongType["violations"]![0]);
        Assert.Contains("cancelled on the server", (string?)timedOut["detail"], StringComparison.Ordinal);
        Assert.Equal(before, await FaultyCallsAsync("faulty", "echo"));
    }

    [Fact]
    public async Task Batch_AskingForALongerDeadlineThanTheService_Is400InvalidBatchTimeout()
    {
        var calls = new[] { new { server = "everything", tool = "echo", arguments = new { message = "x" } } };

        var problem = await Api.ExpectAsync(HttpMethod.Post, "/v1/tools/batch", new { calls, timeoutMs = 120_001 }, 400);
        var within = await Api.ExpectAsync(HttpMethod.Post, "/v1/tools/batch", new { calls, timeoutMs = 60_000 }, 200);

        Assert.Equal("invalid_batch_timeout", (string?)problem["code"]);
        Assert.Contains("never raise it", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.True((bool)within["results"]![0]!["ok"]!);
    }

    [Fact]
    public async Task Batch_OfAHundredMixedCalls_ComesBackInOrder_WithPartialResults()
    {
        var calls = Enumerable.Range(0, 100).Select(i => (i % 7) switch
        {
            0 => (object)new { server = "everything", tool = "echo", arguments = new { message = $"m{i}" } },
            1 => new { server = "everything-http", tool = "get-sum", arguments = new { a = i, b = 1 } },
            2 => new { server = "faulty", tool = "fail", arguments = new { message = $"failing {i}" } },
            3 => new { server = "everything", tool = "no-such-tool", arguments = new { } },
            4 => new { server = "everything-http", tool = "echo", arguments = new { message = i } },
            5 => new { server = LiveFixture.LongName, tool = "echo", arguments = new { message = $"long {i}" } },
            _ => new { server = "slow-batch", tool = "slow", arguments = new { delayMs = 30_000 }, timeoutMs = 1000 },
        }).ToList();

        var stopwatch = Stopwatch.StartNew();
        var body = await Api.ExpectAsync(HttpMethod.Post, "/v1/tools/batch", new { calls, maxParallel = 32 }, 200);
        stopwatch.Stop();

        Assert.Equal(32, (int)body["maxParallel"]!);
        var results = body["results"]!.AsArray();
        Assert.Equal(100, results.Count);
        for (var i = 0; i < 100; i++)
        {
            var result = results[i]!;
            var text = (string?)result["result"]?["content"]?[0]?["text"];
            switch (i % 7)
            {
                case 0:
                    Assert.Equal($"Echo: m{i}", text);
                    break;
                case 1:
                    Assert.Equal($"The sum of {i} and 1 is {i + 1}.", text);
                    break;
                case 2:
                    Assert.True((bool)result["ok"]! && (bool)result["result"]!["isError"]!, result.ToJsonString());
                    Assert.Contains($"failing {i}", text, StringComparison.Ordinal);
                    break;
                case 3:
                    Assert.Equal((false, "tool_not_found"), ((bool)result["ok"]!, (string?)result["error"]!["code"]));
                    break;
                case 4:
                    Assert.Equal((false, "invalid_arguments"), ((bool)result["ok"]!, (string?)result["error"]!["code"]));
                    break;
                case 5:
                    Assert.Equal($"Echo: long {i}", text);
                    break;
                default:
                    Assert.Equal((false, "call_timeout"), ((bool)result["ok"]!, (string?)result["error"]!["code"]));
                    break;
            }
        }

        // 14 calls that time out after 1 s each, 32 calls at a time: they overlap (one wave, not 14 s).
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"The batch took {stopwatch.Elapsed}.");
    }

    [Fact]
    public async Task Batch_CallerGoesAway_CallsInFlightAreCancelledOnTheServer()
    {
        using var caller = new CancellationTokenSource();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/tools/batch")
        {
            Content = JsonContent.Create(new { calls = new[] { new { server = "cancel-probe", tool = "hang", arguments = new { } } } }),
        };
        request.Headers.Add("X-API-Key", fixture.Live.ApiKey);

        var batch = fixture.Live.Service.Client.SendAsync(request, caller.Token);
        var started = await Api.ExpectAsync(HttpMethod.Post, "/v1/connections/cancel-probe/tools/wait_started", new { arguments = new { timeoutMs = 30_000 } }, 200);
        Assert.Equal("true", (string?)started["content"]![0]!["text"]);
        await caller.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => batch);

        var cancelled = await Api.ExpectAsync(HttpMethod.Post, "/v1/connections/cancel-probe/tools/wait_cancelled", new { arguments = new { timeoutMs = 30_000 } }, 200);
        Assert.Equal("1", (string?)cancelled["content"]![0]!["text"]);

        // The host records the abort once; the worker does not report the cancellation as a failure of its own with
        // a stack trace (its log lines reach the host before the invocation's answer, so they are in by now).
        var executed = await fixture.Live.Service.WaitForLineAsync(@"Executed 'Functions\.CallToolBatch' \(Failed, Id=[0-9a-f-]+.*the client aborted the request");
        var id = System.Text.RegularExpressions.Regex.Match(executed, "Id=([0-9a-f-]+)").Groups[1].Value;
        var output = fixture.Live.Service.Output;
        Assert.DoesNotContain(output.Split('\n'), line => line.Contains(id, StringComparison.Ordinal) && line.Contains("fail: Microsoft.Azure.Functions.Worker", StringComparison.Ordinal));
    }

    [Fact]
    public async Task KilledStdioServer_IsRefusedFastWhileItsBreakerIsOpen_AndComesBackByItself()
    {
        var pid = int.Parse(await TextAsync("flaky", "pid"), CultureInfo.InvariantCulture);
        await File.WriteAllTextAsync(fixture.FlakyFlag, "down");
        using (var process = Process.GetProcessById(pid))
        {
            process.Kill();
        }

        JsonNode? open = null;
        for (var attempt = 0; attempt < 20 && open is null; attempt++)
        {
            var (status, problem, response) = await Api.SendAsync(HttpMethod.Post, "/v1/connections/flaky/tools/echo", new { arguments = new { message = "x" } });
            using (response)
            {
                Assert.Equal(503, status);
                Assert.Equal("server_unavailable", (string?)problem!["code"]);
                Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "503 without Retry-After");
                if ((string?)problem["failureKind"] == "circuit_open")
                {
                    open = problem;
                }
            }
        }

        Assert.NotNull(open);
        var refusedIn = Stopwatch.StartNew();
        var (again, _, refused) = await Api.SendAsync(HttpMethod.Post, "/v1/connections/flaky/tools/echo", new { arguments = new { message = "x" } });
        refused.Dispose();
        Assert.Equal(503, again);
        Assert.True(refusedIn.Elapsed < TimeSpan.FromSeconds(2), $"An open circuit refused in {refusedIn.Elapsed}.");
        Assert.Equal("open", (string?)(await ConnectionAsync("flaky"))["circuit"]);

        File.Delete(fixture.FlakyFlag);
        var back = await EventuallyAsync(async () =>
        {
            var (status, answer, response) = await Api.SendAsync(HttpMethod.Post, "/v1/connections/flaky/tools/echo", new { arguments = new { message = "back" } });
            response.Dispose();
            return status == 200 ? answer : null;
        });

        Assert.Equal("Echo: back", (string?)back["content"]![0]!["text"]);
        var row = await ConnectionAsync("flaky");
        Assert.Equal(("connected", "closed"), ((string?)row["state"], (string?)row["circuit"]));
        Assert.Single(McpServers.ProcessesWith(fixture.FlakyMarker));
    }

    [Fact]
    public async Task StoppedHttpServer_OpensItsBreaker()
    {
        await fixture.DoomedHttp.DisposeAsync();

        var open = await EventuallyAsync(async () =>
        {
            var (status, problem, response) = await Api.SendAsync(HttpMethod.Post, "/v1/connections/doomed-http/tools/echo", new { arguments = new { message = "x" } });
            response.Dispose();
            Assert.Equal(503, status);
            return (string?)problem!["failureKind"] == "circuit_open" ? problem : null;
        });

        Assert.Equal("server_unavailable", (string?)open["code"]);
        Assert.Equal("open", (string?)(await ConnectionAsync("doomed-http"))["circuit"]);
        Assert.Equal("Echo: unaffected", await TextAsync("everything-http", "echo", new { message = "unaffected" }));
    }

    private async Task<string> TextAsync(string server, string tool, object? arguments = null)
    {
        var answer = await Api.ExpectAsync(HttpMethod.Post, $"/v1/connections/{server}/tools/{tool}", new { arguments = arguments ?? new { } }, 200);
        return (string)answer["content"]![0]!["text"]!;
    }

    private async Task<int> FaultyCallsAsync(string server, string tool)
    {
        using var stats = JsonDocument.Parse(await TextAsync(server, "stats"));
        return stats.RootElement.GetProperty("calls").TryGetProperty(tool, out var count) ? count.GetInt32() : 0;
    }

    private async Task<JsonNode> ConnectionAsync(string name) =>
        (await Api.GetAsync("/v1/connections"))["connections"]!.AsArray().Single(c => (string?)c!["name"] == name)!;

    private async Task<JsonNode> ExpectProblemAsync(string path, object body, int status, string code)
    {
        var (actual, problem, response) = await Api.SendAsync(HttpMethod.Post, path, body);
        using (response)
        {
            Assert.True(actual == status, $"POST {path}: expected {status}, got {actual}: {problem?.ToJsonString()}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(code, (string?)problem!["code"]);
            return problem;
        }
    }

    /// <summary>Calls <paramref name="attempt"/> every 100 ms until it returns something, failing after the deadline.</summary>
    private static async Task<JsonNode> EventuallyAsync(Func<Task<JsonNode?>> attempt)
    {
        var until = DateTime.UtcNow + Deadline;
        while (true)
        {
            if (await attempt() is { } done)
            {
                return done;
            }

            Assert.True(DateTime.UtcNow < until, "It did not happen within the deadline.");
            await Task.Delay(100);
        }
    }
}
