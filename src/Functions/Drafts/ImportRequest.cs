using McpOrchestrator.Core.Drafts;

namespace McpOrchestrator.Functions.Drafts;

/// <summary>The body of <c>POST .../draft/import</c>: a client config file's text, in any supported client format.</summary>
public sealed record ImportRequest
{
    public string? Content { get; init; }

    /// <summary><c>merge</c> (default) adds and updates entries and keeps the others; <c>replace</c> makes the draft
    /// exactly the imported entries.</summary>
    public ImportMode Mode { get; init; } = ImportMode.Merge;
}
