using McpOrchestrator.Core.Configs;

namespace McpOrchestrator.Core.Clients;

/// <summary>Which parts of a <see cref="ServerConfig"/> a client's file can hold beyond name, transport, command,
/// args, stdio env and URL (which every client carries). What is not carried is dropped on render; import of a
/// rendered file gives back exactly the carried parts.</summary>
public sealed record CarriedFields
{
    public bool ServerId { get; init; }

    /// <summary>Env on HTTP/SSE entries.</summary>
    public bool RemoteEnv { get; init; }

    public bool ToolInclude { get; init; }

    public bool ToolExclude { get; init; }

    /// <summary>Remote transports whose headers are carried.</summary>
    public IReadOnlyList<Transport> HeaderTransports { get; init; } = [];
}
