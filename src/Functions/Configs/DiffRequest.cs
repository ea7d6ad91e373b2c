namespace McpOrchestrator.Functions.Configs;

/// <summary>The body of <c>POST /v1/config/diff</c>: either two payloads (<c>left</c>, <c>right</c>), or a local
/// client file's text (<c>local</c>) compared with what is deployed for <c>clientId</c>/<c>profileId</c>.</summary>
public sealed record DiffRequest
{
    public DiffPayload? Left { get; init; }

    public DiffPayload? Right { get; init; }

    public string? ClientId { get; init; }

    public string? ProfileId { get; init; }

    /// <summary>The text of the client's config file on a machine.</summary>
    public string? Local { get; init; }
}
