namespace McpOrchestrator.Functions.Drafts;

/// <summary>The body of <c>POST .../draft/remove</c>.</summary>
public sealed record RemoveEntryRequest
{
    public string? Name { get; init; }
}
