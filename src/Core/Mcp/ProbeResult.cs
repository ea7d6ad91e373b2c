namespace McpOrchestrator.Core.Mcp;

/// <summary>What a live probe of one server found (connect, initialize, list tools): <see cref="Ok"/> with the tools,
/// or what failed (<see cref="Error"/>, in words, never with env or header values; <see cref="FailureKind"/> for
/// machines). Validation checks <see cref="ToolNames"/> against the client's limits on tool counts and name lengths;
/// <see cref="LatencyMs"/> is the whole probe, success or not (null when the probe could not run at all).</summary>
public sealed record ProbeResult
{
    public required string Server { get; init; }

    public required bool Ok { get; init; }

    /// <summary>The service did not try: it may not start or reach this server (see <see cref="LaunchPolicy"/>);
    /// <see cref="Error"/> says why. Not a failure of the server.</summary>
    public bool Skipped { get; init; }

    public long? LatencyMs { get; init; }

    public int? ToolCount { get; init; }

    /// <summary>The tool names the server listed, for client limits on tool names.</summary>
    public IReadOnlyList<string>? ToolNames { get; init; }

    public string? ProtocolVersion { get; init; }

    public string? ServerName { get; init; }

    public string? ServerVersion { get; init; }

    public string? Error { get; init; }

    public McpFailureKind? FailureKind { get; init; }
}
