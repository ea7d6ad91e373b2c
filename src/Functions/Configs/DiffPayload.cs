using McpOrchestrator.Core.Configs;

namespace McpOrchestrator.Functions.Configs;

/// <summary>One side of a payload diff: an artifact payload (<c>clientId</c> and <c>profileId</c> optional).</summary>
public sealed record DiffPayload
{
    public string? ClientId { get; init; }

    public string? ProfileId { get; init; }

    public IReadOnlyList<ServerConfig>? Servers { get; init; }
}
