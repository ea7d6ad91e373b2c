namespace McpOrchestrator.Core.Profiles;

/// <summary>The body of <c>PUT /v1/clients/{clientId}/profiles/{profileId}</c> (optional): <c>{description?}</c>.
/// A description given replaces the stored one (an empty string clears it); left out, it is kept.</summary>
public sealed record ProfileRequest
{
    public const int MaxDescriptionLength = 500;

    public string? Description { get; init; }
}
