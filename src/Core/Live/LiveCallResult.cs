using System.Text.Json;
using System.Text.Json.Serialization;
using ModelContextProtocol.Protocol;

namespace McpOrchestrator.Core.Live;

/// <summary>A tool's answer: its content blocks and structured content as the server sent them (MCP JSON),
/// <see cref="IsError"/> (the tool's own verdict: an answer, not a failure, and never retried), how long the call
/// took here, and how many attempts it needed.</summary>
public sealed record LiveCallResult
{
    public required JsonElement Content { get; init; }

    /// <summary>The same content blocks as the SDK read them, for a caller that answers in MCP itself (the
    /// <c>/mcp</c> endpoint) and so need not read <see cref="Content"/> back.</summary>
    [JsonIgnore]
    public IList<ContentBlock> Blocks { get; init; } = [];

    public JsonElement? StructuredContent { get; init; }

    public required bool IsError { get; init; }

    public required long LatencyMs { get; init; }

    public required int Attempts { get; init; }

    /// <summary>UTF-8 bytes of <see cref="Content"/> and <see cref="StructuredContent"/>, counted against the result
    /// limits.</summary>
    [JsonIgnore]
    internal int Bytes { get; init; }
}
