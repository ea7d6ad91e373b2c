using System.Text.Json.Serialization;

namespace McpOrchestrator.Core.Mcp;

/// <summary>What went wrong when reaching or using an MCP server; stable snake_case names in JSON.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<McpFailureKind>))]
public enum McpFailureKind
{
    /// <summary>The server entry cannot be used as it is (no command, no absolute http(s) URL).</summary>
    [JsonStringEnumMemberName("invalid_config")]
    InvalidConfig,

    /// <summary>A <c>${env:…}</c> / <c>${secret:…}</c> reference in env or headers is not configured.</summary>
    [JsonStringEnumMemberName("unresolved_reference")]
    UnresolvedReference,

    /// <summary>The stdio command could not be started (not found, not executable).</summary>
    [JsonStringEnumMemberName("spawn_failed")]
    SpawnFailed,

    /// <summary>The stdio process exited before or during initialize.</summary>
    [JsonStringEnumMemberName("process_exited")]
    ProcessExited,

    [JsonStringEnumMemberName("connection_refused")]
    ConnectionRefused,

    [JsonStringEnumMemberName("host_not_found")]
    HostNotFound,

    /// <summary>The server answered an HTTP error status.</summary>
    [JsonStringEnumMemberName("http_error")]
    HttpError,

    [JsonStringEnumMemberName("timeout")]
    Timeout,

    /// <summary>The server was reached but the MCP handshake failed (version mismatch, error answer, …).</summary>
    [JsonStringEnumMemberName("initialize_failed")]
    InitializeFailed,

    /// <summary>An established connection dropped (process exited, connection reset).</summary>
    [JsonStringEnumMemberName("transport_lost")]
    TransportLost,

    /// <summary>The server answered a JSON-RPC error (unknown tool on some servers, invalid params, …).</summary>
    [JsonStringEnumMemberName("protocol_error")]
    ProtocolError,

    /// <summary>Not connected right now (reconnecting, or stopped).</summary>
    [JsonStringEnumMemberName("unavailable")]
    Unavailable,

    /// <summary>The server's circuit is open after repeated failures; see <see cref="McpServerException.RetryAfter"/>.</summary>
    [JsonStringEnumMemberName("circuit_open")]
    CircuitOpen,

    /// <summary>Too many calls to the server are in flight or waiting.</summary>
    [JsonStringEnumMemberName("overloaded")]
    Overloaded,

    /// <summary>The service refuses to start this stdio command: no administrator registered it or approved it in
    /// <c>McpOrchestrator__Mcp__AllowedCommands</c> (inline entries are data for clients' machines).</summary>
    [JsonStringEnumMemberName("command_not_allowed")]
    CommandNotAllowed,

    /// <summary>The service refuses to connect to this address: link-local or cloud metadata, or loopback / private
    /// while <c>McpOrchestrator__Mcp__AllowPrivateNetworks</c> is off.</summary>
    [JsonStringEnumMemberName("address_not_allowed")]
    AddressNotAllowed,

    [JsonStringEnumMemberName("other")]
    Other,
}
