using System.Net;
using McpOrchestrator.Core.Mcp;
using ModelContextProtocol;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace McpOrchestrator.Core.Tests.Mcp;

public sealed class McpFailuresTests
{
    public static TheoryData<Exception, bool> Transience => new()
    {
        { new TimeoutRejectedException(), true },
        { Failure(McpFailureKind.TransportLost), true },
        { Failure(McpFailureKind.ProcessExited), true },
        { Failure(McpFailureKind.ConnectionRefused), true },
        { Failure(McpFailureKind.Timeout), true },
        { Failure(McpFailureKind.Unavailable), true },
        { Failure(McpFailureKind.HttpError, 500), true },
        { Failure(McpFailureKind.HttpError, 503), true },
        { Failure(McpFailureKind.HttpError, 404), true },
        { Failure(McpFailureKind.HttpError, 429), true },
        { Failure(McpFailureKind.HttpError, 400), false },
        { Failure(McpFailureKind.HttpError, 401), false },
        { Failure(McpFailureKind.HttpError, 403), false },
        { Failure(McpFailureKind.ProtocolError), false },
        { Failure(McpFailureKind.CircuitOpen), false },
        { Failure(McpFailureKind.Overloaded), false },
        { Failure(McpFailureKind.InitializeFailed), false },
        { Failure(McpFailureKind.UnresolvedReference), false },
        { Failure(McpFailureKind.SpawnFailed), false },
        { new McpProtocolException("invalid params", McpErrorCode.InvalidParams), false },
        { new BrokenCircuitException(), false },
        { new ConcurrencyLimitRejectedException(), false },
        { new OperationCanceledException(), false },
        { new HttpRequestException("boom", null, HttpStatusCode.BadGateway), true },
        { new HttpRequestException("no status"), true },
        { new HttpRequestException("forbidden", null, HttpStatusCode.Forbidden), false },
        { new IOException("pipe closed"), true },
        { new InvalidOperationException("bug"), false },
    };

    [Theory]
    [MemberData(nameof(Transience))]
    public void IsTransient_RetriesOnlyWhatCanSucceedOnAnotherTry(Exception exception, bool transient) =>
        Assert.Equal(transient, McpFailures.IsTransient(exception));

    [Theory]
    [InlineData(McpFailureKind.TransportLost, null, true)]
    [InlineData(McpFailureKind.ProcessExited, null, true)]
    [InlineData(McpFailureKind.ConnectionRefused, null, true)]
    [InlineData(McpFailureKind.HttpError, 404, true)]
    [InlineData(McpFailureKind.HttpError, 503, false)]
    [InlineData(McpFailureKind.Timeout, null, false)]
    [InlineData(McpFailureKind.ProtocolError, null, false)]
    public void IsSessionLost_OnlyWhenTheSessionCannotBeUsedAgain(McpFailureKind kind, int? status, bool lost) =>
        Assert.Equal(lost, McpFailures.IsSessionLost(Failure(kind, status)));

    [Fact]
    public void Connect_BrokenPipeWhileInitializing_IsAProcessExitAndTransient()
    {
        var server = new Configs.ServerConfig { Name = "s", Transport = Configs.Transport.Stdio, Command = "dotnet" };
        var brokenPipe = new System.ComponentModel.Win32Exception(OperatingSystem.IsWindows() ? 109 : 32);

        var failure = McpFailures.Connect(server, new IOException("write failed", brokenPipe), new SecretRedactor(), "while connecting and initializing");

        Assert.Equal(McpFailureKind.ProcessExited, failure.Kind);
        Assert.True(McpFailures.IsTransient(failure));
        Assert.Contains("broken pipe", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Connect_BrokenPipeAsAnIOExceptionOfTheWrite_IsAProcessExitAndTransient()
    {
        // After one write met EPIPE, PipeStream throws IOException("Pipe is broken.") with no inner Win32Exception;
        // the SDK wraps it. A CI run saw that as transport_lost before.
        var server = new Configs.ServerConfig { Name = "s", Transport = Configs.Transport.Stdio, Command = "dotnet" };
        var brokenPipe = new IOException("Failed to send message.", new IOException("Pipe is broken."));

        var failure = McpFailures.Connect(server, brokenPipe, new SecretRedactor(), "while connecting and initializing");

        Assert.Equal(McpFailureKind.ProcessExited, failure.Kind);
        Assert.True(McpFailures.IsTransient(failure));
    }

    [Fact]
    public void Connect_IOExceptionOfAnHttpServer_StaysTransportLost()
    {
        var server = new Configs.ServerConfig { Name = "s", Transport = Configs.Transport.Http, Url = "http://127.0.0.1:1/mcp" };

        var failure = McpFailures.Connect(server, new IOException("Broken pipe", 32), new SecretRedactor(), "while connecting and initializing");

        Assert.Equal(McpFailureKind.TransportLost, failure.Kind);
    }

    private static McpServerException Failure(McpFailureKind kind, int? status = null) =>
        new("s", kind, "m") { HttpStatus = status };
}
