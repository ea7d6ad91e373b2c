using McpOrchestrator.Core.Configs;
using McpOrchestrator.Core.Validation;

namespace McpOrchestrator.Core.Drafts;

/// <summary>What <see cref="ServerResolver"/> made of one draft entry: the <see cref="ServerConfig"/> a client runs
/// (null when an error prevents it) and every issue found on the way. <see cref="Wrapped"/> tells that a remote server
/// was turned into the local <c>mcp-remote</c> bridge.</summary>
public sealed record EntryResolution(ServerConfig? Config, IReadOnlyList<ValidationIssue> Issues, bool Wrapped = false)
{
    public bool HasErrors => Issues.Any(i => i.Severity == IssueSeverity.Error);
}
