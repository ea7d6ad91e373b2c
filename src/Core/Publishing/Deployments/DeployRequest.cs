namespace McpOrchestrator.Core.Publishing.Deployments;

/// <summary>
/// Make <see cref="Version"/> (default: the latest) of a profile live. With an <see cref="IdempotencyKey"/> (the
/// pipeline's instance id) a retried deploy returns the deployment the first call recorded instead of recording
/// another.
/// </summary>
public sealed record DeployRequest
{
    public required string ClientId { get; init; }

    public required string ProfileId { get; init; }

    public int? Version { get; init; }

    /// <summary>Who deployed: a token id or <c>api-key</c>.</summary>
    public required string DeployedBy { get; init; }

    public string? IdempotencyKey { get; init; }
}
