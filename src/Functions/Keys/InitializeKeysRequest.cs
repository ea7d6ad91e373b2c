namespace McpOrchestrator.Functions.Keys;

/// <summary>The body of <c>POST /v1/keys/initialize</c> (optional).</summary>
public sealed record InitializeKeysRequest
{
    /// <summary>Make a new current key even when one exists; old keys stay available for verification.</summary>
    public bool Rotate { get; init; }
}
