using McpOrchestrator.Core.Problems;
using McpOrchestrator.Core.Registry;

namespace McpOrchestrator.Core.Profiles;

/// <summary>The refusals about profiles: 400 <c>invalid_profile_id</c>, <c>invalid_description</c>; 404
/// <c>profile_not_found</c>; 409 <c>profile_deployed</c>, <c>default_profile</c>.</summary>
public static class ProfileProblems
{
    public static Problem InvalidProfileId(string? id) => new()
    {
        Status = 400,
        Code = "invalid_profile_id",
        Title = "Invalid profile id",
        Detail = $"{Display.Quote(id)} is not a profile id. Profile ids are 1 to 64 characters: lowercase letters, digits, '.', '_' and '-', starting with a letter or digit (e.g. 'default', 'dev').",
    };

    public static Problem ProfileNotFound(string clientId, string profileId) => new()
    {
        Status = 404,
        Code = "profile_not_found",
        Title = "Profile not found",
        Detail = $"Client '{clientId}' has no profile '{profileId}'. Create it with PUT /v1/clients/{clientId}/profiles/{profileId}; GET /v1/clients/{clientId}/profiles lists the existing ones ('default' always exists).",
    };

    public static Problem ProfileDeployed(string clientId, string profileId, int deployedVersion) => new()
    {
        Status = 409,
        Code = "profile_deployed",
        Title = "Profile is deployed",
        Detail = $"Profile '{clientId}/{profileId}' has version {deployedVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)} deployed; deleting it would leave machines on a configuration nobody can see. Send DELETE …?force=true to delete it anyway.",
    };

    public static Problem DefaultProfile(string clientId) => new()
    {
        Status = 409,
        Code = "default_profile",
        Title = "The default profile cannot be deleted",
        Detail = $"Every client has a 'default' profile, so '{clientId}/default' cannot be deleted. Clear its draft with DELETE /v1/config/{clientId}/default/draft, or describe it with PUT.",
    };

    public static Problem InvalidDescription(string detail) => new()
    {
        Status = 400,
        Code = "invalid_description",
        Title = "Invalid description",
        Detail = detail,
    };
}
