using ModelContextProtocol.Client;

namespace McpOrchestrator.Functions.Tests.Mcp;

/// <summary>The C# SDK's own client, connected to the service's <c>/mcp</c> over <see cref="HttpClientTransport"/>
/// (Streamable HTTP) with a bearer token, as an application built on the SDK connects.</summary>
internal static class McpClients
{
    public static async Task<McpClient> ConnectAsync(Uri endpoint, string token, string? protocolVersion = null, HttpClient? http = null)
    {
        var options = new HttpClientTransportOptions
        {
            Endpoint = endpoint,
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + token },
        };
        var transport = http is null ? new HttpClientTransport(options) : new HttpClientTransport(options, http, ownsHttpClient: false);
        return await McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = protocolVersion });
    }
}
