namespace McpOrchestrator.Cli.Settings;

/// <summary>The signing key trusted for one service, pinned the first time an artifact from it verified: later
/// artifacts must be signed by this key until the user accepts another with <c>--trust-key</c>.</summary>
public sealed record KeyPin
{
    public required string Kid { get; init; }

    public required string Kty { get; init; }

    public required string Crv { get; init; }

    public required string X { get; init; }

    public required string Y { get; init; }

    public required DateTimeOffset PinnedAt { get; init; }
}
