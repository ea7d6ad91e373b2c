using ModelContextProtocol.Protocol;

namespace McpOrchestrator.Core.Mcp;

/// <summary>A tool's answer through a live connection. <see cref="IsError"/> is the tool's own verdict
/// (<c>isError: true</c> is an answer, not a failure); <see cref="Attempts"/> counts tries including retries.</summary>
public sealed record ToolCallResult
{
    public required CallToolResult Result { get; init; }

    public bool IsError => Result.IsError == true;

    public required long LatencyMs { get; init; }

    public required int Attempts { get; init; }
}
