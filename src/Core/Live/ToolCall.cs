using System.Text.Json;

namespace McpOrchestrator.Core.Live;

/// <summary>One tool call as a caller asks for it: which server and tool, the arguments (a JSON object; absent means
/// none), and optionally a timeout for the whole call, retries included (1 ms to
/// <c>McpOrchestrator__Mcp__MaxCallTimeout</c>).</summary>
public sealed record ToolCall
{
    public string? Server { get; init; }

    public string? Tool { get; init; }

    public JsonElement? Arguments { get; init; }

    public int? TimeoutMs { get; init; }
}
