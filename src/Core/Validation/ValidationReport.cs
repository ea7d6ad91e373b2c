using System.Text.Json.Serialization;
using McpOrchestrator.Core.Mcp;

namespace McpOrchestrator.Core.Validation;

/// <summary>The result of validating a configuration: <see cref="Valid"/> exactly when there is no error (warnings do
/// not block publishing), issues ordered by server, path and code, the number of servers, when, and for what. With a
/// live probe, <see cref="Probes"/> holds one result per server.</summary>
public sealed record ValidationReport
{
    public required bool Valid { get; init; }

    public required IReadOnlyList<ValidationIssue> Errors { get; init; }

    public required IReadOnlyList<ValidationIssue> Warnings { get; init; }

    public required int ServerCount { get; init; }

    public required DateTimeOffset ValidatedAt { get; init; }

    public string? ClientId { get; init; }

    public string? ProfileId { get; init; }

    /// <summary>The ETag of the draft that was validated, so a publish can insist on exactly that draft.</summary>
    [JsonPropertyName("etag")]
    public string? ETag { get; init; }

    public IReadOnlyList<ProbeResult>? Probes { get; init; }
}
