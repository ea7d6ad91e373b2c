namespace McpOrchestrator.Core.Formats;

/// <summary>One thing wrong in imported content: where (<see cref="Path"/> such as <c>mcpServers.github.args[1]</c>,
/// and line and column when known) and what.</summary>
public sealed record ImportIssue(string Path, int? Line, int? Column, string Message)
{
    public override string ToString() => Line is null ? $"{Path}: {Message}" : $"{Path} (line {Line}, column {Column}): {Message}";
}
