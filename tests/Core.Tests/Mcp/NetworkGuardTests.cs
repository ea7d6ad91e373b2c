using System.Net;
using System.Net.Sockets;
using McpOrchestrator.Core.Clients;
using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Drafts;
using McpOrchestrator.Core.Mcp;
using McpOrchestrator.Core.Validation;
using McpOrchestrator.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace McpOrchestrator.Core.Tests.Mcp;

/// <summary>The service's own HTTP connections to MCP servers stay off link-local and metadata addresses, and off
/// loopback and private networks unless allowed. No traffic leaves loopback: refused addresses are refused before
/// anything is sent.</summary>
public sealed class NetworkGuardTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("169.254.169.254", NetworkGuard.AddressClass.Forbidden)]
    [InlineData("169.254.0.1", NetworkGuard.AddressClass.Forbidden)]
    [InlineData("fe80::1", NetworkGuard.AddressClass.Forbidden)]
    [InlineData("fd00:ec2::254", NetworkGuard.AddressClass.Forbidden)]
    [InlineData("100.100.100.200", NetworkGuard.AddressClass.Forbidden)]
    [InlineData("::ffff:169.254.169.254", NetworkGuard.AddressClass.Forbidden)]
    [InlineData("64:ff9b::a9fe:a9fe", NetworkGuard.AddressClass.Forbidden)]
    [InlineData("0.0.0.0", NetworkGuard.AddressClass.Forbidden)]
    [InlineData("224.0.0.1", NetworkGuard.AddressClass.Forbidden)]
    [InlineData("127.0.0.1", NetworkGuard.AddressClass.Private)]
    [InlineData("::1", NetworkGuard.AddressClass.Private)]
    [InlineData("10.1.2.3", NetworkGuard.AddressClass.Private)]
    [InlineData("172.16.0.1", NetworkGuard.AddressClass.Private)]
    [InlineData("192.168.1.1", NetworkGuard.AddressClass.Private)]
    [InlineData("100.64.0.1", NetworkGuard.AddressClass.Private)]
    [InlineData("fd12::1", NetworkGuard.AddressClass.Private)]
    [InlineData("::ffff:10.0.0.1", NetworkGuard.AddressClass.Private)]
    [InlineData("172.32.0.1", NetworkGuard.AddressClass.Public)]
    [InlineData("8.8.8.8", NetworkGuard.AddressClass.Public)]
    [InlineData("2606:4700::1111", NetworkGuard.AddressClass.Public)]
    public void Classify_Address_IsItsClass(string address, NetworkGuard.AddressClass expected) =>
        Assert.Equal(expected, NetworkGuard.Classify(IPAddress.Parse(address)));

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://metadata.google.internal/computeMetadata/v1/")]
    [InlineData("http://METADATA.google.internal./computeMetadata/v1/")]
    [InlineData("http://metadata.azure.internal/metadata/instance")]
    [InlineData("http://[fd00:ec2::254]/latest/")]
    [InlineData("http://[::ffff:a9fe:a9fe]/latest/")]
    [InlineData("http://100.100.100.200/latest/meta-data/")]
    public async Task ProbeAsync_LinkLocalOrMetadataUrl_SkippedUpFrontEvenWithPrivateNetworksOn(string url)
    {
        await using var host = McpTestHost.Create(new Dictionary<string, string?> { ["McpOrchestrator:Mcp:AllowPrivateNetworks"] = "true" });

        var result = await host.Probe.ProbeAsync(TestServers.Remote(new Uri(url), Transport.Http), Timeout).WaitAsync(Deadline);

        Assert.True(result.Skipped, result.Error);
        Assert.Equal(McpFailureKind.AddressNotAllowed, result.FailureKind);
        Assert.StartsWith("address not allowed: ", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    public async Task ProbeAsync_LoopbackWithPrivateNetworksOff_SkippedAndSaysTheSetting(string host)
    {
        await using var server = await EverythingHttpServer.StartAsync("streamableHttp");
        await using var mcp = McpTestHost.Create(new Dictionary<string, string?> { ["McpOrchestrator:Mcp:AllowPrivateNetworks"] = "false" });
        var url = new UriBuilder(server.Endpoint) { Host = host }.Uri;

        var result = await mcp.Probe.ProbeAsync(TestServers.Remote(url, Transport.Http), Timeout).WaitAsync(Deadline);

        Assert.True(result.Skipped, result.Error);
        Assert.Equal(McpFailureKind.AddressNotAllowed, result.FailureKind);
        Assert.Contains("McpOrchestrator__Mcp__AllowPrivateNetworks=true", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HttpClient_ConnectToLoopbackWithPrivateNetworksOff_RefusedAtConnectTime()
    {
        // What a DNS-rebinding name would get past the up-front check is refused by the connect hook itself.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        await using var mcp = McpTestHost.Create(new Dictionary<string, string?> { ["McpOrchestrator:Mcp:AllowPrivateNetworks"] = "false" });
        using var client = mcp.Services.GetRequiredService<IHttpClientFactory>().CreateClient(McpConnector.HttpClientName);

        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync($"http://localhost:{((IPEndPoint)listener.LocalEndpoint).Port}/mcp").WaitAsync(Deadline));

        Assert.IsType<AddressNotAllowedException>(failure.InnerException);
        Assert.False(listener.Pending(), "a connection reached the listener");
    }

    [Fact]
    public async Task ProbeAsync_RedirectElsewhere_NotFollowed()
    {
        using var target = new TcpListener(IPAddress.Parse("127.0.0.2"), 0);
        target.Start();
        using var redirector = new TcpListener(IPAddress.Loopback, 0);
        redirector.Start();
        using var stop = new CancellationTokenSource();
        var location = $"http://127.0.0.2:{((IPEndPoint)target.LocalEndpoint).Port}/mcp";
        var serving = AnswerRedirectsAsync(redirector, location, stop.Token);
        await using var mcp = McpTestHost.Create();

        var result = await mcp.Probe.ProbeAsync(TestServers.Remote(new Uri($"http://127.0.0.1:{((IPEndPoint)redirector.LocalEndpoint).Port}/mcp"), Transport.Http), Timeout).WaitAsync(Deadline);

        await stop.CancelAsync();
        await serving;
        Assert.False(result.Ok);
        Assert.False(target.Pending(), "the redirect was followed");
    }

    [Theory]
    [InlineData("http://169.254.169.254/mcp", "orchestrator", IssueSeverity.Error)]
    [InlineData("http://metadata.google.internal/mcp", "orchestrator", IssueSeverity.Error)]
    [InlineData("http://169.254.169.254/mcp", "cursor", null)]
    public void Resolve_MetadataUrlForTheServicesOwnClient_IsAnError(string url, string clientId, IssueSeverity? expected)
    {
        var client = new ClientCatalog().Get(clientId);
        var entry = new DraftEntry { Name = "meta", Inline = new ServerConfig { Name = "meta", Transport = Transport.Http, Url = url } };

        var issue = ServerResolver.Resolve(entry, null, client).Issues.SingleOrDefault(i => i.Code == ValidationCodes.AddressNotAllowed);

        Assert.Equal(expected, issue?.Severity);
    }

    private static async Task AnswerRedirectsAsync(TcpListener listener, string location, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                using var connection = await listener.AcceptTcpClientAsync(cancellationToken);
                var stream = connection.GetStream();
                var buffer = new byte[16384];
                var seen = new System.Text.StringBuilder();
                while (!seen.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer, cancellationToken);
                    if (read == 0)
                    {
                        break;
                    }

                    seen.Append(System.Text.Encoding.ASCII.GetString(buffer, 0, read));
                }

                var answer = $"HTTP/1.1 307 Temporary Redirect\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(answer), cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
