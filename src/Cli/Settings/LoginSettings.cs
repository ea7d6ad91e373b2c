namespace McpOrchestrator.Cli.Settings;

/// <summary>What <c>mcpo login</c> stores: the service's base URL and the API token (in a file only the user can
/// read).</summary>
public sealed record LoginSettings
{
    public required string Url { get; init; }

    public string? Token { get; init; }
}
