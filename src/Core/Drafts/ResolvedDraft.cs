using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Validation;

namespace McpOrchestrator.Core.Drafts;

/// <summary>A draft and what a client would run from it: the resolved <see cref="Servers"/> (entries with errors left
/// out, never written in a form the client cannot read), the <see cref="Issues"/> found while resolving, and, from
/// <see cref="DraftService.RenderAsync"/>, the client's native file text.</summary>
public sealed record ResolvedDraft
{
    public required Draft Draft { get; init; }

    public required IReadOnlyList<ServerConfig> Servers { get; init; }

    public required IReadOnlyList<ValidationIssue> Issues { get; init; }

    public string? Rendered { get; init; }
}
