namespace McpOrchestrator.Functions.Publishing;

/// <summary>The body of <c>POST .../publish</c> (optional).</summary>
public sealed record PublishRequestBody
{
    public string? Changelog { get; init; }

    /// <summary>Deploy the new version as soon as it is stored.</summary>
    public bool Deploy { get; init; }

    /// <summary>Connect to every server for real before publishing; a server that does not answer rejects the publish.</summary>
    public bool Probe { get; init; }
}
