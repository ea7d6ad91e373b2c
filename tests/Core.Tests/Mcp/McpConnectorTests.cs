using System.Text.Json;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Mcp;
using McpOrchestrator.TestSupport;
using ModelContextProtocol.Protocol;

namespace McpOrchestrator.Core.Tests.Mcp;

public sealed class McpConnectorTests
{
    private const string Secret = "s3cr3t-value-7f1e9a";

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ConnectAsync_EverythingOverStdio_ListsPingsCallsAndLeavesNoProcess()
    {
        await using var host = McpTestHost.Create();
        var marker = TestServers.NewMarker();

        await using (var session = await host.Connector.ConnectAsync(TestServers.EverythingStdio(marker)).WaitAsync(Deadline))
        {
            Assert.True(session.IsConnected);
            Assert.Equal("2025-11-25", session.ProtocolVersion);
            Assert.False(string.IsNullOrEmpty(session.ServerInfo?.Name));
            var tools = await session.ListToolsAsync();
            Assert.Contains(tools, t => t.Name == "echo");
            Assert.Contains(tools, t => t.Name == "get-sum");
            Assert.Equal(HealthCheckMethod.Ping, await session.CheckHealthAsync());

            var result = await session.CallToolAsync("echo", Arguments(new { message = "hi" }));

            Assert.NotEqual(true, result.IsError);
            Assert.Equal("Echo: hi", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text);
            Assert.NotEmpty(ChildProcesses.WithMarker(marker));
        }

        Assert.Empty(ChildProcesses.WithMarker(marker));
    }

    [Fact]
    public async Task CheckHealthAsync_ServerWithoutPing_FallsBackToListingTools()
    {
        await using var host = McpTestHost.Create();
        await using var session = await host.Connector.ConnectAsync(TestServers.FaultyStdio(TestServers.NewMarker())).WaitAsync(Deadline);

        // A C# 2.x server speaks 2026-07-28 with us, where ping no longer exists.
        Assert.Equal("2026-07-28", session.ProtocolVersion);
        Assert.Equal(HealthCheckMethod.ListTools, await session.CheckHealthAsync());
        Assert.Equal(HealthCheckMethod.ListTools, await session.CheckHealthAsync());
        Assert.Single(host.Logs.Lines, l => l.Message.Contains("does not support ping", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ConnectAsync_CSharpServerSlowToAnswerDiscover_IsCancelledAndFallsBackToInitialize()
    {
        // Gotcha of 2.3.1, gone in 2.4.0: the SDK gave up on server/discover after DiscoverProbeTimeout without
        // cancelling it, so a 2026-07-28-only server that answered it late then refused the initialize sent on the
        // same pipe (-32601), and the connector had to connect again. 2.4.0 sends notifications/cancelled for the
        // probe; the faulty server (slow only the first time, as a server slowed by a busy machine would be) drops the
        // cancelled discover and answers initialize. This fails if the SDK stops cancelling its probe.
        await using var host = McpTestHost.Create(new Dictionary<string, string?> { ["McpOrchestrator:Mcp:DiscoverProbeTimeout"] = "00:00:01.500" });
        var marker = TestServers.NewMarker();
        var stateDir = Directory.CreateTempSubdirectory("mcpo-faulty-").FullName;
        try
        {
            var server = TestServers.FaultyStdio(marker, ["--delay-discover-ms", "3000", "--state-dir", stateDir]);
            await using (var session = await host.Connector.ConnectAsync(server, TimeSpan.FromSeconds(30)).WaitAsync(Deadline))
            {
                Assert.Equal("2025-11-25", session.ProtocolVersion);
                Assert.Equal("Echo: hi", Text(await session.CallToolAsync("echo", Arguments(new { message = "hi" }))));
            }

            Assert.Empty(ChildProcesses.WithMarker(marker));
        }
        finally
        {
            Directory.Delete(stateDir, recursive: true);
        }
    }

    [Theory]
    [InlineData("streamableHttp", Transport.Http)]
    [InlineData("sse", Transport.Sse)]
    public async Task ConnectAsync_EverythingOverHttp_ListsAndCalls(string mode, Transport transport)
    {
        await using var server = await EverythingHttpServer.StartAsync(mode);
        await using var host = McpTestHost.Create();
        await using var session = await host.Connector.ConnectAsync(TestServers.Remote(server.Endpoint, transport)).WaitAsync(Deadline);

        var tools = await session.ListToolsAsync();
        var result = await session.CallToolAsync("get-sum", Arguments(new { a = 2, b = 3.5 }));

        Assert.Contains(tools, t => t.Name == "get-sum");
        Assert.Contains("5.5", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text, StringComparison.Ordinal);
        Assert.Equal(HealthCheckMethod.Ping, await session.CheckHealthAsync());
    }

    [Fact]
    public async Task CallToolAsync_ToolError_IsAnAnswerNotAnException()
    {
        await using var host = McpTestHost.Create();
        await using var session = await host.Connector.ConnectAsync(TestServers.FaultyStdio(TestServers.NewMarker())).WaitAsync(Deadline);

        var result = await session.CallToolAsync("fail", Arguments(new { message = "no such order" }));

        Assert.True(result.IsError);
        Assert.Contains("no such order", Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallToolAsync_UnknownToolOnCSharpServer_ThrowsProtocolError()
    {
        await using var host = McpTestHost.Create();
        await using var session = await host.Connector.ConnectAsync(TestServers.FaultyStdio(TestServers.NewMarker())).WaitAsync(Deadline);

        var failure = await Assert.ThrowsAsync<McpServerException>(() => session.CallToolAsync("no-such-tool", null));

        Assert.Equal(McpFailureKind.ProtocolError, failure.Kind);
        Assert.Equal(-32602, failure.ErrorCode);
        Assert.True(session.IsConnected);
    }

    [Fact]
    public async Task CallToolAsync_CancelledOverStdio_SendsNotificationsCancelledToTheServer()
    {
        await using var host = McpTestHost.Create();
        await using var session = await host.Connector.ConnectAsync(TestServers.FaultyStdio(TestServers.NewMarker())).WaitAsync(Deadline);
        using var cancel = new CancellationTokenSource();

        var hanging = session.CallToolAsync("hang", null, cancel.Token);
        var started = await session.CallToolAsync("wait_started", Arguments(new { timeoutMs = 30_000 }));
        Assert.Equal("true", Text(started));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => hanging);
        var cancelled = await session.CallToolAsync("wait_cancelled", Arguments(new { timeoutMs = 30_000 }));
        Assert.Equal("1", Text(cancelled));
    }

    [Fact]
    public async Task SdkCallToolAsync_CancelledOverStdio_SendsNotificationsCancelled()
    {
        // csharp-sdk#1365 (mcp-sdk-facts.md §2.10): 2.3.1 sent nothing over stdio, and ServerSession sent the
        // notification itself. 2.4.0 sends it; this fails if that gotcha comes back.
        await using var host = McpTestHost.Create();
        await using var session = await host.Connector.ConnectAsync(TestServers.FaultyStdio(TestServers.NewMarker())).WaitAsync(Deadline);
        using var cancel = new CancellationTokenSource();

        var hanging = session.Client.CallToolAsync("hang", cancellationToken: cancel.Token).AsTask();
        Assert.Equal("true", Text(await session.CallToolAsync("wait_started", Arguments(new { timeoutMs = 30_000 }))));
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => hanging);
        Assert.Equal("1", Text(await session.CallToolAsync("wait_cancelled", Arguments(new { timeoutMs = 30_000 }))));
    }

    [Fact]
    public async Task SdkPingAsync_On20260728Session_IsMethodNotFound_TheGotchaCheckHealthWorksAround()
    {
        // mcp-sdk-facts.md §2.8, still so in 2.4.0: ping was removed from 2026-07-28, which a C# server speaks with
        // us. When this fails, PingAsync works there again and the ListTools fallback of CheckHealthAsync is moot.
        await using var host = McpTestHost.Create();
        await using var session = await host.Connector.ConnectAsync(TestServers.FaultyStdio(TestServers.NewMarker())).WaitAsync(Deadline);

        var refused = await Assert.ThrowsAsync<ModelContextProtocol.McpProtocolException>(async () => await session.Client.PingAsync());

        Assert.Equal("2026-07-28", session.ProtocolVersion);
        Assert.Equal(ModelContextProtocol.McpErrorCode.MethodNotFound, refused.ErrorCode);
    }

    [Fact]
    public async Task CallToolAsync_ServerCrashes_FailsAsProcessExitAndLeavesNoProcess()
    {
        await using var host = McpTestHost.Create();
        var marker = TestServers.NewMarker();
        await using var session = await host.Connector.ConnectAsync(TestServers.FaultyStdio(marker)).WaitAsync(Deadline);

        var failure = await Assert.ThrowsAsync<McpServerException>(() => session.CallToolAsync("crash", Arguments(new { exitCode = 5 })));
        var closed = await session.Closed.WaitAsync(Deadline);

        Assert.True(failure.Kind is McpFailureKind.TransportLost or McpFailureKind.ProcessExited, failure.Kind.ToString());
        Assert.False(session.IsConnected);
        Assert.Contains("exited with code 5", closed, StringComparison.Ordinal);
        await ChildProcesses.WaitUntilNoneAsync(marker);
    }

    [Fact]
    public async Task DisposeAsync_StdioServerThatDoubleForkedADaemon_KillsTheDaemonToo()
    {
        await using var host = McpTestHost.Create();
        var marker = TestServers.NewMarker();
        try
        {
            await using (var session = await host.Connector.ConnectAsync(TestServers.DaemonizingFaultyStdio(marker)).WaitAsync(Deadline))
            {
                var server = int.Parse(Assert.IsType<TextContentBlock>(Assert.Single((await session.CallToolAsync("pid", null)).Content)).Text, System.Globalization.CultureInfo.InvariantCulture);
                var daemon = Assert.Single(ChildProcesses.WithMarker(marker), pid => pid != server);
                Assert.NotEqual(Environment.ProcessId, StdioProcessGroup.ParseStat(File.ReadAllText($"/proc/{daemon}/stat"))?.Parent);
            }

            await ChildProcesses.WaitUntilNoneAsync(marker);
        }
        finally
        {
            KillAll(marker);
        }
    }

    [Fact]
    public async Task ConnectAsync_ServerExitsDuringInitialize_IsATransientProcessExitNeverASpawnFailure()
    {
        await using var host = McpTestHost.Create();

        // The client may meet the exit as end of file on stdout or as a broken pipe on its next write: try a few.
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var marker = TestServers.NewMarker();

            var failure = await Assert.ThrowsAsync<McpServerException>(
                () => host.Connector.ConnectAsync(TestServers.FaultyStdio(marker, ["--exit-during-initialize", "9"])).WaitAsync(Deadline));

            Assert.Equal(McpFailureKind.ProcessExited, failure.Kind);
            Assert.True(McpFailures.IsTransient(failure), failure.Message);
            Assert.Contains("the process exited", failure.Message, StringComparison.Ordinal);
            await ChildProcesses.WaitUntilNoneAsync(marker);
        }
    }

    /// <summary>A server whose stdin is gone: the client's writes meet a broken pipe, as EPIPE on the first write
    /// (stdin closed before the handshake, as a server going down has it) or, once one write met EPIPE, as
    /// PipeStream's IOException "Pipe is broken" with no errno (the server reads the SDK's server/discover probe, then
    /// closes stdin, so the fallback initialize meets it). Either way a transient process exit.</summary>
    [Theory]
    [InlineData("exec 0<&-; exec sleep 60")]
    [InlineData("read -r _; exec 0<&-; exec sleep 60")]
    public async Task ConnectAsync_ServerStdinGone_BrokenPipeIsATransientProcessExit(string script)
    {
        await using var host = McpTestHost.Create();
        var marker = TestServers.NewMarker();
        var server = new ServerConfig
        {
            Name = "gone",
            Transport = Transport.Stdio,
            Command = "sh",
            Args = ["-c", script],
            Env = new Dictionary<string, string> { [TestServers.MarkerVariable] = marker },
        };

        var failure = await Assert.ThrowsAsync<McpServerException>(() => host.Connector.ConnectAsync(server).WaitAsync(Deadline));

        Assert.Equal(McpFailureKind.ProcessExited, failure.Kind);
        Assert.True(McpFailures.IsTransient(failure), failure.Message);
        await ChildProcesses.WaitUntilNoneAsync(marker);
    }

    [Fact]
    public async Task ConnectAsync_MissingCommand_SaysSpawnFailed()
    {
        await using var host = McpTestHost.Create();
        var server = new ServerConfig { Name = "ghost", Transport = Transport.Stdio, Command = "no-such-mcp-server-binary" };

        var failure = await Assert.ThrowsAsync<McpServerException>(() => host.Connector.ConnectAsync(server));

        Assert.Equal(McpFailureKind.SpawnFailed, failure.Kind);
        Assert.Equal("spawn failed: command 'no-such-mcp-server-binary' not found (check the command and the PATH of the service)", failure.Message);
    }

    [Fact]
    public async Task ConnectAsync_ProcessExitsAtStart_SaysExitCodeWithRedactedStderr()
    {
        await using var host = McpTestHost.Create(new Dictionary<string, string?> { ["McpOrchestrator:Secrets:API_KEY"] = Secret });
        var marker = TestServers.NewMarker();
        var server = TestServers.FaultyStdio(
            marker,
            ["--print-env", "API_KEY", "--crash-on-start", "3"],
            new Dictionary<string, string> { ["API_KEY"] = "${secret:API_KEY}" });

        var failure = await Assert.ThrowsAsync<McpServerException>(() => host.Connector.ConnectAsync(server));

        Assert.Equal(McpFailureKind.ProcessExited, failure.Kind);
        Assert.Contains("exited with code 3", failure.Message, StringComparison.Ordinal);
        Assert.Contains("API_KEY=***", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, host.Logs.AllText, StringComparison.Ordinal);

        // When the SDK logs the failure it quotes the stderr tail: always redacted, and lowered to Debug. Whether it
        // logs it at all depends on whether its stderr reader saw the line before the exit, so no count is asserted.
        Assert.All(
            host.Logs.Lines.Where(l => l.Category.StartsWith("ModelContextProtocol", StringComparison.Ordinal) && (l.Exception?.Contains("API_KEY=", StringComparison.Ordinal) ?? false)),
            line =>
            {
                Assert.Contains("API_KEY=***", line.Exception, StringComparison.Ordinal);
                Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Debug, line.Level);
            });
        Assert.Empty(ChildProcesses.WithMarker(marker));
    }

    [Fact]
    public async Task ConnectAsync_StderrLines_AreLoggedAtDebugWithServerNameAndRedacted()
    {
        await using var host = McpTestHost.Create(new Dictionary<string, string?> { ["TOKEN_FROM_ENV"] = Secret });
        var server = TestServers.FaultyStdio(
            TestServers.NewMarker(),
            ["--stderr", "hello from stderr", "--print-env", "TOKEN"],
            new Dictionary<string, string> { ["TOKEN"] = "${env:TOKEN_FROM_ENV}" });

        await using (var session = await host.Connector.ConnectAsync(server).WaitAsync(Deadline))
        {
            // The server printed its lines before answering initialize; they are read on another thread, so ask the
            // server something more before looking.
            Assert.Equal(Secret, Text(await session.CallToolAsync("env", Arguments(new { name = "TOKEN" }))));
        }

        // stderr is read on its own thread: wait for the lines rather than racing the reader.
        await host.Logs.WaitForAsync(l => l.Level == Microsoft.Extensions.Logging.LogLevel.Debug && l.Message == "MCP server faulty stderr: hello from stderr");
        await host.Logs.WaitForAsync(l => l.Message == "MCP server faulty stderr: TOKEN=***");
        Assert.DoesNotContain(Secret, host.Logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain(host.Logs.Lines, l => l.Message.Contains("received stderr log", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SdkStdioTransport_LogsEveryStderrLineAtInformation_TheGotchaSdkLoggerFactoryDrops()
    {
        // mcp-sdk-facts.md §2.2, still so in 2.4.0: besides the StandardErrorLines callback, the transport logs each
        // stderr line itself at Information ("received stderr log", event LogReadStderr), unredacted. SdkLoggerFactory
        // drops that event; when this fails, the SDK no longer logs it (or renamed it) and the filter needs a look.
        using var logs = new CapturedLogs();
        using var loggerFactory = new Microsoft.Extensions.Logging.LoggerFactory([logs]);
        var server = TestServers.FaultyStdio(TestServers.NewMarker(), ["--stderr", "hello from stderr"]);
        var transport = new ModelContextProtocol.Client.StdioClientTransport(
            new ModelContextProtocol.Client.StdioClientTransportOptions
            {
                Name = "faulty",
                Command = server.Command!,
                Arguments = [.. server.Args],
                EnvironmentVariables = server.Env.ToDictionary(e => e.Key, e => (string?)e.Value),
                ShutdownTimeout = TimeSpan.FromSeconds(2),
            },
            loggerFactory);

        await using (await ModelContextProtocol.Client.McpClient.CreateAsync(transport, loggerFactory: loggerFactory).WaitAsync(Deadline))
        {
            var line = await logs.WaitForAsync(l => l.Message.Contains("hello from stderr", StringComparison.Ordinal), Deadline);

            Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Information, line.Level);
            Assert.Equal("ModelContextProtocol.Client.StdioClientTransport", line.Category);
            Assert.Contains("received stderr log", line.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ConnectAsync_Stdio_PassesOnlyBasicEnvironmentAndTheEntrysEnv()
    {
        const string parentOnly = "MCPO_TEST_PARENT_ONLY";
        Environment.SetEnvironmentVariable(parentOnly, "visible-to-the-service-only");
        await using var host = McpTestHost.Create();
        await using var session = await host.Connector.ConnectAsync(TestServers.FaultyStdio(TestServers.NewMarker(), env: new Dictionary<string, string> { ["GREETING"] = "hello" })).WaitAsync(Deadline);

        Assert.Equal("hello", Text(await session.CallToolAsync("env", Arguments(new { name = "GREETING" }))));
        Assert.False(string.IsNullOrEmpty(Text(await session.CallToolAsync("env", Arguments(new { name = "PATH" })))));
        Assert.Equal(string.Empty, Text(await session.CallToolAsync("env", Arguments(new { name = parentOnly }))));
    }

    [Fact]
    public async Task ConnectAsync_Http_SendsResolvedHeaders()
    {
        await using var server = await FaultyHttpServer.StartAsync();
        await using var host = McpTestHost.Create(new Dictionary<string, string?> { ["McpOrchestrator:Secrets:REMOTE_TOKEN"] = Secret });
        var config = TestServers.Remote(server.Endpoint, Transport.Http, headers: new Dictionary<string, string> { ["Authorization"] = "Bearer ${secret:REMOTE_TOKEN}" });
        await using var session = await host.Connector.ConnectAsync(config).WaitAsync(Deadline);

        var header = await session.CallToolAsync("header", Arguments(new { name = "Authorization" }));

        Assert.Equal($"Bearer {Secret}", Text(header));
        Assert.DoesNotContain(Secret, host.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_UnresolvedReference_NamesItWithoutConnecting()
    {
        await using var host = McpTestHost.Create();
        var marker = TestServers.NewMarker();
        var server = TestServers.FaultyStdio(marker, env: new Dictionary<string, string> { ["API_KEY"] = "${secret:MISSING_KEY}" });

        var failure = await Assert.ThrowsAsync<McpServerException>(() => host.Connector.ConnectAsync(server));

        Assert.Equal(McpFailureKind.UnresolvedReference, failure.Kind);
        Assert.Equal("env API_KEY references ${secret:MISSING_KEY}, which is not configured: set McpOrchestrator__Secrets__MISSING_KEY (or MISSING_KEY) in the service's settings", failure.Message);
    }

    [Fact]
    public async Task ConnectAsync_NothingListening_SaysConnectionRefused()
    {
        await using var host = McpTestHost.Create();
        var port = TestSupport.FreePort.Next();
        var server = TestServers.Remote(new Uri($"http://127.0.0.1:{port}/mcp"), Transport.Http);

        var failure = await Assert.ThrowsAsync<McpServerException>(() => host.Connector.ConnectAsync(server));

        Assert.Equal(McpFailureKind.ConnectionRefused, failure.Kind);
        Assert.Equal($"connection refused: nothing listens at 127.0.0.1:{port}", failure.Message);
    }

    /// <summary>Kills what a failed test left behind (a daemon the fix did not reach).</summary>
    internal static void KillAll(string marker)
    {
        foreach (var pid in ChildProcesses.WithMarker(marker))
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                process.Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Gone meanwhile.
            }
        }
    }

    internal static Dictionary<string, JsonElement> Arguments(object values) =>
        JsonSerializer.SerializeToElement(values).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());

    internal static string Text(CallToolResult result) =>
        string.Concat(result.Content.OfType<TextContentBlock>().Select(b => b.Text));
}
