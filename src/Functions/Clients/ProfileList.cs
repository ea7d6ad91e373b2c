using System.Text.Json.Serialization;
using McpOrchestrator.Core.Profiles;

namespace McpOrchestrator.Functions.Clients;

/// <summary>A client's profiles: one page of them and, while more follow, <see cref="NextLink"/> (the MCP
/// endpoint's <c>list_profiles</c> lists them all, without one).</summary>
public sealed record ProfileList(
    string ClientId,
    IReadOnlyList<Profile> Profiles,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NextLink = null);
