namespace McpOrchestrator.Core.Clients;

/// <summary>What a client can hold; null means no known limit.</summary>
public sealed record ClientLimits
{
    public int? MaxServers { get; init; }

    public int? MaxTools { get; init; }

    /// <summary>Longest tool name (server prefix included) the client accepts.</summary>
    public int? MaxToolNameLength { get; init; }

    public int? MaxEnvVarsPerServer { get; init; }
}
